//! The error answers every operation shares, added to the document from what the operation takes
//! rather than written on each handler (where they were forgotten: fuzzing found 121 undocumented
//! statuses). Each is a response component referencing `ApiErrorBody`; an operation keeps any
//! answer it declares itself under the same status.
//!
//! | status | when the operation… | from |
//! |---|---|---|
//! | 400 | requires a JSON body (`invalid_json`) or takes query parameters (`invalid_query`) | `extract::bad_input` |
//! | 401 | requires a bearer token | `CurrentUser` |
//! | 404 | has path parameters (a malformed id is not found) | `extract::path_config` |
//! | 413 | requires a JSON body (over 1 MiB) | `extract::json_config` |
//! | 415 | requires a body (wrong `Content-Type`) | `json_config`, multipart readers |
//! | 422 | takes a body, query or path parameters (a policy type, a version) | validation |
//! | 429 | is rate limited (every path but the health probes) | `rate_limit` |
//! | 500, 503 | runs a handler that uses the database (all but the health probes) | `ApiError` |
//!
//! An optional body (logout, read-all) that does not parse is ignored rather than refused, so it
//! adds only 422. The health probes answer exactly what they declare: liveness checks nothing and readiness
//! reports 503 with its own body.

use utoipa::Modify;
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::response::ResponseBuilder;
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::{ContentBuilder, OpenApi, Ref, RefOr, Required, Response};

/// The tag of the health probes, which get none of the shared answers.
const PROBES_TAG: &str = "system";

/// One shared answer: status, component name and description.
struct Shared {
    status: &'static str,
    name: &'static str,
    description: &'static str,
}

const BAD_REQUEST: Shared = Shared {
    status: "400",
    name: "BadRequest",
    description: "`invalid_json`: the body is not JSON; `invalid_query`: the query string does not parse.",
};
const UNAUTHENTICATED: Shared = Shared {
    status: "401",
    name: "Unauthenticated",
    description: "No valid bearer token: missing, expired, revoked, of the wrong type, or restricted to 2FA enrolment.",
};
const NOT_FOUND: Shared = Shared {
    status: "404",
    name: "NotFound",
    description: "No such row in the caller's scope (a malformed id included).",
};
const PAYLOAD_TOO_LARGE: Shared = Shared {
    status: "413",
    name: "PayloadTooLarge",
    description: "The body is larger than the limit.",
};
const UNSUPPORTED_MEDIA_TYPE: Shared = Shared {
    status: "415",
    name: "UnsupportedMediaType",
    description: "The body's `Content-Type` is not the one the operation takes.",
};
const VALIDATION_FAILED: Shared = Shared {
    status: "422",
    name: "ValidationFailed",
    description: "`validation_failed`: one `details` item per field problem.",
};
const RATE_LIMITED: Shared = Shared {
    status: "429",
    name: "RateLimited",
    description: "`rate_limited`: too many requests in this window; `Retry-After` says when to retry.",
};
const INTERNAL_ERROR: Shared = Shared {
    status: "500",
    name: "InternalError",
    description: "`internal_error`: a failure on our side; `details` carries the request id.",
};
const SERVICE_UNAVAILABLE: Shared = Shared {
    status: "503",
    name: "ServiceUnavailable",
    description: "`service_unavailable`: a dependency (the database) is unavailable; retry later.",
};

const ALL: [&Shared; 9] = [
    &BAD_REQUEST,
    &UNAUTHENTICATED,
    &NOT_FOUND,
    &PAYLOAD_TOO_LARGE,
    &UNSUPPORTED_MEDIA_TYPE,
    &VALIDATION_FAILED,
    &RATE_LIMITED,
    &INTERNAL_ERROR,
    &SERVICE_UNAVAILABLE,
];

/// Adds the shared error responses (see the module's table).
pub(crate) struct SharedErrors;

impl Modify for SharedErrors {
    fn modify(&self, api: &mut OpenApi) {
        let components = api.components.get_or_insert_with(Default::default);
        for shared in ALL {
            components
                .responses
                .insert(shared.name.to_owned(), RefOr::T(component(shared)));
        }
        for (path, item) in api.paths.paths.iter_mut() {
            let operations = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ];
            for operation in operations.into_iter().flatten() {
                for shared in statuses(path, operation) {
                    operation
                        .responses
                        .responses
                        .entry(shared.status.to_owned())
                        .or_insert_with(|| RefOr::Ref(Ref::from_response_name(shared.name)));
                }
            }
        }
    }
}

fn component(shared: &Shared) -> Response {
    let body = ContentBuilder::new()
        .schema(Some(Ref::from_schema_name("ApiErrorBody")))
        .build();
    let mut response = ResponseBuilder::new()
        .description(shared.description)
        .content("application/json", body);
    if shared.status == RATE_LIMITED.status {
        response = response.header(
            "Retry-After",
            HeaderBuilder::new()
                .schema(Some(ObjectBuilder::new().schema_type(Type::Integer)))
                .description(Some("Seconds until the window ends."))
                .build(),
        );
    }
    response.build()
}

/// The shared answers `operation` at `path` can give, by what it takes.
fn statuses(path: &str, operation: &Operation) -> Vec<&'static Shared> {
    let probe = operation.tags.iter().flatten().any(|tag| tag == PROBES_TAG);
    if probe {
        return Vec::new();
    }
    let parameters_in = |place: ParameterIn| {
        operation.parameters.iter().flatten().any(
            |parameter| matches!(parameter, RefOr::T(parameter) if parameter.parameter_in == place),
        )
    };
    // An optional body (`Option<web::Json<_>>`) that does not parse is ignored, not refused: only
    // a required body answers 400, 413 and 415.
    let (json_body, any_body) = match &operation.request_body {
        Some(RefOr::T(body)) if body.required == Some(Required::True) => {
            (body.content.contains_key("application/json"), true)
        }
        Some(RefOr::Ref(_)) => (true, true),
        Some(RefOr::T(_)) | None => (false, false),
    };
    let optional_body = matches!(&operation.request_body, Some(RefOr::T(body)) if body.required != Some(Required::True));
    let query = parameters_in(ParameterIn::Query);
    let bearer = operation.security.iter().flatten().any(|requirement| {
        serde_json::to_value(requirement).is_ok_and(|v| v.get("bearer").is_some())
    });

    let mut out = Vec::new();
    if json_body || query {
        out.push(&BAD_REQUEST);
    }
    if bearer {
        out.push(&UNAUTHENTICATED);
    }
    if parameters_in(ParameterIn::Path) {
        out.push(&NOT_FOUND);
    }
    if json_body {
        out.push(&PAYLOAD_TOO_LARGE);
    }
    if any_body {
        out.push(&UNSUPPORTED_MEDIA_TYPE);
    }
    if any_body || optional_body || query || parameters_in(ParameterIn::Path) {
        out.push(&VALIDATION_FAILED);
    }
    if crate::rate_limit::is_limited(path) {
        out.push(&RATE_LIMITED);
    }
    out.push(&INTERNAL_ERROR);
    out.push(&SERVICE_UNAVAILABLE);
    out
}
