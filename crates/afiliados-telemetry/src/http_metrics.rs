//! The request-duration histogram middleware.

use std::future::{Ready, ready};
use std::rc::Rc;
use std::time::Instant;

use actix_web::Error;
use actix_web::dev::{Service, ServiceRequest, ServiceResponse, Transform, forward_ready};
use futures::future::LocalBoxFuture;

/// Records `<metric_name>{method, route, status_code}` in seconds for every request, errors included.
///
/// `route` is the matched pattern (`/api/v1/influencers/{id}`), or `unmatched` when no route
/// matched, so the label stays low-cardinality. Paths given to [`HttpMetrics::exclude`] (compared
/// exactly with the request path) are not recorded.
///
/// ```ignore
/// App::new().wrap(HttpMetrics::new("marketing_afiliados_api_request_duration_seconds").exclude("/api/v1/metrics"))
/// ```
#[derive(Debug, Clone)]
pub struct HttpMetrics {
    metric_name: &'static str,
    excluded: Vec<&'static str>,
}

impl HttpMetrics {
    /// A middleware recording into the histogram `metric_name`. Installs the Prometheus recorder
    /// ([`crate::prometheus_handle`]) if it is not installed yet.
    pub fn new(metric_name: &'static str) -> HttpMetrics {
        let _ = crate::prometheus_handle();
        HttpMetrics {
            metric_name,
            excluded: Vec::new(),
        }
    }

    /// Skips requests whose path is exactly `path` (for example the metrics endpoint itself).
    pub fn exclude(mut self, path: &'static str) -> HttpMetrics {
        self.excluded.push(path);
        self
    }
}

impl<S, B> Transform<S, ServiceRequest> for HttpMetrics
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    S::Future: 'static,
    B: 'static,
{
    type Response = ServiceResponse<B>;
    type Error = Error;
    type Transform = HttpMetricsMiddleware<S>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, Self::InitError>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(HttpMetricsMiddleware {
            service: Rc::new(service),
            metric_name: self.metric_name,
            excluded: Rc::from(self.excluded.as_slice()),
        }))
    }
}

/// The service built by [`HttpMetrics`].
#[derive(Debug)]
pub struct HttpMetricsMiddleware<S> {
    service: Rc<S>,
    metric_name: &'static str,
    excluded: Rc<[&'static str]>,
}

impl<S, B> Service<ServiceRequest> for HttpMetricsMiddleware<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    S::Future: 'static,
    B: 'static,
{
    type Response = ServiceResponse<B>;
    type Error = Error;
    type Future = LocalBoxFuture<'static, Result<Self::Response, Self::Error>>;

    forward_ready!(service);

    fn call(&self, req: ServiceRequest) -> Self::Future {
        if self.excluded.contains(&req.path()) {
            let service = Rc::clone(&self.service);
            return Box::pin(async move { service.call(req).await });
        }
        let started = Instant::now();
        let method = req.method().as_str().to_owned();
        let route = crate::route_pattern(&req)
            .map_or_else(|| "unmatched".to_owned(), |route| route.to_string());
        let metric_name = self.metric_name;
        let service = Rc::clone(&self.service);
        Box::pin(async move {
            let outcome = service.call(req).await;
            let status = match &outcome {
                Ok(response) => response.status(),
                Err(error) => error.as_response_error().status_code(),
            };
            metrics::histogram!(
                metric_name,
                "method" => method,
                "route" => route,
                "status_code" => status.as_u16().to_string()
            )
            .record(started.elapsed().as_secs_f64());
            outcome
        })
    }
}
