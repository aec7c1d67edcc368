//! Money out (`api.md` §11, §15): withdrawals and their decisions, payments with their withholding,
//! payout batches with their CSV, adjustments, and the finance dashboard. The creating calls take
//! the `Idempotency-Key` the web generated when it rendered the form (`api.md` §0.5), so a double
//! submit creates one row.

use afiliados_api_types::Page;
use afiliados_api_types::finance_dashboard::FinanceDashboard;
use afiliados_api_types::influencers::DocumentResponse;
use afiliados_api_types::payments::{
    AdjustmentResponse, CreateAdjustmentRequest, CreateBatchRequest, CreateWithdrawalRequest,
    DecideWithdrawalRequest, ListAdjustmentsQuery, ListBatchesQuery, ListPaymentsQuery,
    ListWithdrawalsQuery, PayBatchRequest, PayWithdrawalRequest, PaymentResponse,
    PayoutBatchResponse, ResolveAdjustmentRequest, WithdrawalResponse,
};
use reqwest::multipart::{Form, Part};
use reqwest::{Method, RequestBuilder};
use serde::Serialize;
use uuid::Uuid;

use super::UserApi;
use crate::transport::{Download, Result, Transport, Upload};

/// The header of `api.md` §0.5.
const IDEMPOTENCY_KEY: &str = "idempotency-key";

impl UserApi {
    fn idempotent<B: Serialize + ?Sized>(
        &self,
        path: &str,
        bearer: &str,
        body: &B,
        key: &str,
    ) -> RequestBuilder {
        self.with(Method::POST, path, bearer, body)
            .header(IDEMPOTENCY_KEY, key)
    }

    /// `GET /payments/withdrawals` (IN: its own; AM: its brands).
    pub async fn list_withdrawals(
        &self,
        bearer: &str,
        query: &ListWithdrawalsQuery,
    ) -> Result<Page<WithdrawalResponse>> {
        Transport::json(
            self.build(Method::GET, "/api/v1/payments/withdrawals", bearer)
                .query(query),
        )
        .await
    }

    /// `GET /payments/withdrawals/{id}` with its documents and decision log.
    pub async fn get_withdrawal(&self, bearer: &str, id: Uuid) -> Result<WithdrawalResponse> {
        Transport::json(self.build(
            Method::GET,
            &format!("/api/v1/payments/withdrawals/{id}"),
            bearer,
        ))
        .await
    }

    /// `POST /payments/withdrawals` with an `Idempotency-Key`.
    pub async fn create_withdrawal(
        &self,
        bearer: &str,
        body: &CreateWithdrawalRequest,
        idempotency_key: &str,
    ) -> Result<WithdrawalResponse> {
        Transport::json(self.idempotent(
            "/api/v1/payments/withdrawals",
            bearer,
            body,
            idempotency_key,
        ))
        .await
    }

    /// `PATCH /payments/withdrawals/{id}/decision` (FI, AD).
    pub async fn decide_withdrawal(
        &self,
        bearer: &str,
        id: Uuid,
        body: &DecideWithdrawalRequest,
    ) -> Result<WithdrawalResponse> {
        Transport::json(self.with(
            Method::PATCH,
            &format!("/api/v1/payments/withdrawals/{id}/decision"),
            bearer,
            body,
        ))
        .await
    }

    /// `POST /payments/withdrawals/{id}/pay` (FI, AD) with an `Idempotency-Key`.
    pub async fn pay_withdrawal(
        &self,
        bearer: &str,
        id: Uuid,
        body: &PayWithdrawalRequest,
        idempotency_key: &str,
    ) -> Result<PaymentResponse> {
        Transport::json(self.idempotent(
            &format!("/api/v1/payments/withdrawals/{id}/pay"),
            bearer,
            body,
            idempotency_key,
        ))
        .await
    }

    /// A multipart `POST` of one document (`file`, `kind`, optional `notes`) to `path`.
    async fn upload_document(
        &self,
        bearer: &str,
        path: &str,
        kind: &str,
        notes: Option<&str>,
        file: Upload,
    ) -> Result<DocumentResponse> {
        let part = Part::bytes(file.bytes)
            .file_name(file.filename)
            .mime_str(&file.content_type)?;
        let mut form = Form::new().text("kind", kind.to_owned());
        if let Some(notes) = notes {
            form = form.text("notes", notes.to_owned());
        }
        Transport::json(
            self.build(Method::POST, path, bearer)
                .multipart(form.part("file", part)),
        )
        .await
    }

    /// `POST /payments/withdrawals/{id}/documents` (FI, AD; IN own): an invoice, a certificate.
    pub async fn upload_withdrawal_document(
        &self,
        bearer: &str,
        id: Uuid,
        kind: &str,
        notes: Option<&str>,
        file: Upload,
    ) -> Result<DocumentResponse> {
        let path = format!("/api/v1/payments/withdrawals/{id}/documents");
        self.upload_document(bearer, &path, kind, notes, file).await
    }

    /// `POST /payments/{id}/documents` (FI, AD): the voucher, a transfer receipt, a certificate.
    pub async fn upload_payment_document(
        &self,
        bearer: &str,
        id: Uuid,
        kind: &str,
        notes: Option<&str>,
        file: Upload,
    ) -> Result<DocumentResponse> {
        let path = format!("/api/v1/payments/{id}/documents");
        self.upload_document(bearer, &path, kind, notes, file).await
    }

    /// `GET /payments/withdrawals/{id}/documents/{documentId}/download`.
    pub async fn download_withdrawal_document(
        &self,
        bearer: &str,
        id: Uuid,
        document_id: Uuid,
    ) -> Result<Download> {
        Transport::download(self.build(
            Method::GET,
            &format!("/api/v1/payments/withdrawals/{id}/documents/{document_id}/download"),
            bearer,
        ))
        .await
    }

    /// `GET /payments` (FI, AD; IN its own).
    pub async fn list_payments(
        &self,
        bearer: &str,
        query: &ListPaymentsQuery,
    ) -> Result<Page<PaymentResponse>> {
        Transport::json(
            self.build(Method::GET, "/api/v1/payments", bearer)
                .query(query),
        )
        .await
    }

    /// `GET /payments/{id}`.
    pub async fn get_payment(&self, bearer: &str, id: Uuid) -> Result<PaymentResponse> {
        Transport::json(self.build(Method::GET, &format!("/api/v1/payments/{id}"), bearer)).await
    }

    /// `GET /payments/{id}/documents/{documentId}/download` (the voucher, receipts).
    pub async fn download_payment_document(
        &self,
        bearer: &str,
        id: Uuid,
        document_id: Uuid,
    ) -> Result<Download> {
        Transport::download(self.build(
            Method::GET,
            &format!("/api/v1/payments/{id}/documents/{document_id}/download"),
            bearer,
        ))
        .await
    }

    /// `GET /payments/batches` (FI, AD).
    pub async fn list_batches(
        &self,
        bearer: &str,
        query: &ListBatchesQuery,
    ) -> Result<Page<PayoutBatchResponse>> {
        Transport::json(
            self.build(Method::GET, "/api/v1/payments/batches", bearer)
                .query(query),
        )
        .await
    }

    /// `GET /payments/batches/{id}`.
    pub async fn get_batch(&self, bearer: &str, id: Uuid) -> Result<PayoutBatchResponse> {
        Transport::json(self.build(
            Method::GET,
            &format!("/api/v1/payments/batches/{id}"),
            bearer,
        ))
        .await
    }

    /// `POST /payments/batches` with an `Idempotency-Key`.
    pub async fn create_batch(
        &self,
        bearer: &str,
        body: &CreateBatchRequest,
        idempotency_key: &str,
    ) -> Result<PayoutBatchResponse> {
        Transport::json(self.idempotent("/api/v1/payments/batches", bearer, body, idempotency_key))
            .await
    }

    /// `GET /payments/batches/{id}/export.csv`: the payout CSV, the only file with full account
    /// numbers (the api audits the download).
    pub async fn download_batch_csv(&self, bearer: &str, id: Uuid) -> Result<Download> {
        Transport::download(self.build(
            Method::GET,
            &format!("/api/v1/payments/batches/{id}/export.csv"),
            bearer,
        ))
        .await
    }

    /// `POST /payments/batches/{id}/pay` with an `Idempotency-Key`: all or nothing.
    pub async fn pay_batch(
        &self,
        bearer: &str,
        id: Uuid,
        body: &PayBatchRequest,
        idempotency_key: &str,
    ) -> Result<PayoutBatchResponse> {
        Transport::json(self.idempotent(
            &format!("/api/v1/payments/batches/{id}/pay"),
            bearer,
            body,
            idempotency_key,
        ))
        .await
    }

    /// `POST /payments/batches/{id}/cancel`.
    pub async fn cancel_batch(&self, bearer: &str, id: Uuid) -> Result<PayoutBatchResponse> {
        Transport::json(self.build(
            Method::POST,
            &format!("/api/v1/payments/batches/{id}/cancel"),
            bearer,
        ))
        .await
    }

    /// `GET /payments/adjustments` (IN: its own; AM: its brands).
    pub async fn list_adjustments(
        &self,
        bearer: &str,
        query: &ListAdjustmentsQuery,
    ) -> Result<Page<AdjustmentResponse>> {
        Transport::json(
            self.build(Method::GET, "/api/v1/payments/adjustments", bearer)
                .query(query),
        )
        .await
    }

    /// `POST /payments/adjustments` (a manual debt) with an `Idempotency-Key`.
    pub async fn create_adjustment(
        &self,
        bearer: &str,
        body: &CreateAdjustmentRequest,
        idempotency_key: &str,
    ) -> Result<AdjustmentResponse> {
        Transport::json(self.idempotent(
            "/api/v1/payments/adjustments",
            bearer,
            body,
            idempotency_key,
        ))
        .await
    }

    /// `PATCH /payments/adjustments/{id}/resolve`.
    pub async fn resolve_adjustment(
        &self,
        bearer: &str,
        id: Uuid,
        body: &ResolveAdjustmentRequest,
    ) -> Result<AdjustmentResponse> {
        Transport::json(self.with(
            Method::PATCH,
            &format!("/api/v1/payments/adjustments/{id}/resolve"),
            bearer,
            body,
        ))
        .await
    }

    /// `GET /dashboard/finance` (AD, FI), optionally for one brand.
    pub async fn finance_dashboard(
        &self,
        bearer: &str,
        brand_id: Option<Uuid>,
    ) -> Result<FinanceDashboard> {
        let mut builder = self.build(Method::GET, "/api/v1/dashboard/finance", bearer);
        if let Some(brand_id) = brand_id {
            builder = builder.query(&[("brandId", brand_id)]);
        }
        Transport::json(builder).await
    }
}
