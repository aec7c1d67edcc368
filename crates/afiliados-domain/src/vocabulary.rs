//! The remaining closed vocabularies of the database (TEXT + CHECK columns, ADR 0002) that carry
//! no rules of their own yet: sessions, bank account changes, second factor, password links, audit, notifications,
//! the e-mail outbox, stored documents, consents, tier history and scheduled jobs. The
//! vocabularies with rules live next to them (`InfluencerStatus`, `CampaignStatus`, `ArcoType`…).

use crate::text_enum::text_enum;

text_enum! {
    /// `auth_sessions.revoke_reason`: why a session ended early.
    pub enum RevokeReason {
        /// The user signed out.
        Logout = "logout",
        /// A refresh token was presented twice (theft suspected).
        ReuseDetected = "reuse_detected",
        /// The user changed the password.
        PasswordChanged = "password_changed",
        /// The password was reset through a link.
        PasswordReset = "password_reset",
        /// An administrator revoked it.
        Admin = "admin",
        /// The account was suspended.
        Suspended = "suspended",
        /// A role that must have a second factor signed in without one (refresh refused).
        TwoFactorRequired = "two_factor_required",
    }
}

text_enum! {
    /// `bank_account_changes.status`: a staff change of a bank account under dual control
    /// (ADR 0018).
    pub enum BankAccountChangeStatus {
        /// Waiting for a second user's decision.
        Pending = "pending",
        /// Confirmed and applied to the influencer.
        Confirmed = "confirmed",
        /// Rejected, never applied.
        Rejected = "rejected",
        /// Replaced by a newer request or the influencer's own change.
        Superseded = "superseded",
    }
}

text_enum! {
    /// `user_totp.status`.
    pub enum TotpStatus {
        /// Secret issued, first code not confirmed yet.
        Pending = "pending",
        /// Confirmed: sign-in asks for a code.
        Enabled = "enabled",
    }
}

text_enum! {
    /// `password_tokens.purpose`.
    pub enum PasswordTokenPurpose {
        /// Forgot-password link.
        Reset = "reset",
        /// First password of an invited user.
        Invite = "invite",
    }
}

text_enum! {
    /// `audit_log.actor_type`.
    pub enum AuditActorType {
        /// A signed-in user.
        User = "user",
        /// Scheduled or internal work.
        System = "system",
        /// Another service with the service token.
        Service = "service",
        /// A VTEX callback.
        Vtex = "vtex",
        /// Nobody signed in (failed sign-in, public registration).
        Anonymous = "anonymous",
    }
}

text_enum! {
    /// `notifications.severity`.
    pub enum NotificationSeverity {
        /// For information.
        Info = "info",
        /// Needs attention.
        Warning = "warning",
        /// Needs action now.
        Critical = "critical",
    }
}

text_enum! {
    /// `email_outbox.status`.
    pub enum EmailStatus {
        /// Waiting to be sent.
        Pending = "pending",
        /// Leased by a sender.
        Sending = "sending",
        /// Accepted by the SMTP server.
        Sent = "sent",
        /// Gave up after the last attempt.
        Failed = "failed",
        /// Withdrawn before sending.
        Cancelled = "cancelled",
    }
}

text_enum! {
    /// `email_outbox.alert_group`: which staff list an alert goes to.
    pub enum AlertGroup {
        /// Everyone on the alert list.
        Global = "global",
        /// Finance.
        Finance = "finance",
        /// Operations.
        Operations = "operations",
    }
}

text_enum! {
    /// `documents.owner_type`: what a stored file belongs to.
    pub enum DocumentOwnerType {
        /// An influencer's onboarding files.
        Influencer = "influencer",
        /// A withdrawal.
        Withdrawal = "withdrawal",
        /// A payment.
        Payment = "payment",
        /// A brand (its logo).
        Brand = "brand",
        /// A settlement run.
        SettlementRun = "settlement_run",
        /// A reconciliation run.
        ReconciliationRun = "reconciliation_run",
        /// An ARCO request.
        ArcoRequest = "arco_request",
        /// A payout batch.
        PayoutBatch = "payout_batch",
    }
}

text_enum! {
    /// `documents.kind`.
    pub enum DocumentKind {
        /// Identity document.
        IdDocument = "id_document",
        /// RUT (tax registry).
        Rut = "rut",
        /// Bank certificate.
        BankCertificate = "bank_certificate",
        /// Tax certificate.
        TaxCertificate = "tax_certificate",
        /// Withholding certificate.
        WithholdingCertificate = "withholding_certificate",
        /// Invoice.
        Invoice = "invoice",
        /// Transfer receipt.
        TransferReceipt = "transfer_receipt",
        /// Voucher.
        Voucher = "voucher",
        /// Brand logo.
        Logo = "logo",
        /// Generated report.
        Report = "report",
        /// Data export.
        Export = "export",
        /// Anything else.
        Other = "other",
    }
}

text_enum! {
    /// The kinds an influencer's KYC upload may be (`api.md` §6): a subset of [`DocumentKind`],
    /// same spellings, so the upload form's OpenAPI `enum` lists only what the route accepts.
    pub enum InfluencerDocumentKind {
        /// Identity document.
        IdDocument = "id_document",
        /// RUT (tax registry).
        Rut = "rut",
        /// Bank certificate.
        BankCertificate = "bank_certificate",
        /// Tax certificate.
        TaxCertificate = "tax_certificate",
        /// Anything else.
        Other = "other",
    }
}

impl InfluencerDocumentKind {
    /// The same kind in the `documents.kind` vocabulary.
    pub const fn document_kind(self) -> DocumentKind {
        match self {
            InfluencerDocumentKind::IdDocument => DocumentKind::IdDocument,
            InfluencerDocumentKind::Rut => DocumentKind::Rut,
            InfluencerDocumentKind::BankCertificate => DocumentKind::BankCertificate,
            InfluencerDocumentKind::TaxCertificate => DocumentKind::TaxCertificate,
            InfluencerDocumentKind::Other => DocumentKind::Other,
        }
    }
}

impl From<InfluencerDocumentKind> for DocumentKind {
    fn from(kind: InfluencerDocumentKind) -> DocumentKind {
        kind.document_kind()
    }
}

text_enum! {
    /// `consents.channel`: where a consent was given.
    pub enum ConsentChannel {
        /// The web.
        Web = "web",
        /// The api directly.
        Api = "api",
        /// Recorded by staff.
        Staff = "staff",
    }
}

text_enum! {
    /// `tier_history.reason`.
    pub enum TierHistoryReason {
        /// First placement.
        Initial = "initial",
        /// Moved to a higher level.
        Upgrade = "upgrade",
        /// Moved to a lower level.
        Downgrade = "downgrade",
        /// The tier was deleted from the campaign.
        TierRemoved = "tier_removed",
    }
}

text_enum! {
    /// `scheduled_jobs.status`.
    pub enum ScheduledJobStatus {
        /// Waiting for its next tick.
        Idle = "idle",
        /// A run is in progress.
        Running = "running",
        /// The last run failed.
        Failed = "failed",
        /// Switched off.
        Disabled = "disabled",
    }
}

text_enum! {
    /// `job_runs.status`.
    pub enum JobRunStatus {
        /// Started, not finished.
        Running = "running",
        /// Done.
        Succeeded = "succeeded",
        /// Ended with an error.
        Failed = "failed",
    }
}

text_enum! {
    /// `orders.last_source`, `order_status_history.source`: how a version of an order arrived.
    pub enum OrderSource {
        /// A VTEX order hook, then a fetch of the order.
        Hook = "hook",
        /// A pushed full order document.
        Push = "push",
        /// The order feed.
        Feed = "feed",
        /// The daily reconciliation.
        Reconciliation = "reconciliation",
        /// A staff refetch.
        Refetch = "refetch",
    }
}

text_enum! {
    /// `adjustments.status`.
    pub enum AdjustmentStatus {
        /// Open: the debt counts in `pending_adjustments`.
        Pending = "pending",
        /// Recovered or written off.
        Resolved = "resolved",
    }
}

text_enum! {
    /// `withdrawal_requests.status` (`domain.md` §4.7).
    pub enum WithdrawalStatus {
        /// Requested; the amount is reserved.
        Pending = "pending",
        /// Approved, not yet paid.
        Approved = "approved",
        /// Rejected (final).
        Rejected = "rejected",
        /// Paid (final).
        Paid = "paid",
    }
}

text_enum! {
    /// `payments.method` (`domain.md` §5.14.3).
    pub enum PaymentMethod {
        /// A bank transfer (`transfer`, `transferencia` accepted as input spellings).
        BankTransfer = "bank_transfer",
        /// Nequi, Daviplata and the like.
        DigitalWallet = "digital_wallet",
        /// Anything else.
        Other = "other",
    }
}

text_enum! {
    /// `payout_batches.status` (`domain.md` §5.14.5).
    pub enum PayoutBatchStatus {
        /// Created, CSV stored; its withdrawals are reserved for it.
        Exported = "exported",
        /// Paid in one transaction (final).
        Paid = "paid",
        /// Cancelled; its withdrawals went back to plain approved (final).
        Cancelled = "cancelled",
    }
}

text_enum! {
    /// `withdrawal_events.action`: the decision log (`domain.md` §3.8).
    pub enum WithdrawalEventAction {
        /// Requested (amount reserved).
        Requested = "requested",
        /// Approved.
        Approved = "approved",
        /// Rejected (reservation released).
        Rejected = "rejected",
        /// Paid.
        Paid = "paid",
        /// A document was attached.
        DocumentAdded = "document_added",
        /// Put in a payout batch.
        Exported = "exported",
        /// Its batch was cancelled.
        Unexported = "unexported",
    }
}

text_enum! {
    /// `adjustments.resolution_type`.
    pub enum AdjustmentResolution {
        /// Recovered by netting or repayment.
        Recovered = "recovered",
        /// Written off.
        WrittenOff = "written_off",
    }
}

text_enum! {
    /// `alerts.alert_type`: the operational alert conditions of `domain.md` §5.17.
    pub enum AlertType {
        /// A delivery failed after its attempts, or a burst of authentication rejections.
        WebhookFailure = "webhook_failure",
        /// A reconciliation found discrepancies, or a recorded one carries alerts.
        Reconciliation = "reconciliation",
        /// A reconciliation run failed.
        ReconciliationFailed = "reconciliation_failed",
        /// A discrepancy stayed open beyond the escalation days.
        DiscrepancyEscalated = "discrepancy_escalated",
        /// Outbox, queue or schedule running late.
        DelayedJob = "delayed_job",
        /// A job reached its attempt cap.
        JobFailed = "job_failed",
        /// A backup failed or the last success is too old.
        BackupFailure = "backup_failure",
        /// An e-mail undelivered 30 minutes after creation.
        EmailUndelivered = "email_undelivered",
        /// Every VTEX credential was refused.
        VtexAuth = "vtex_auth",
        /// Too many active coupons or promotions for VTEX's limits.
        VtexCouponCapacity = "vtex_coupon_capacity",
    }
}

impl AlertType {
    /// The group whose e-mail list receives the alert (§5.17); `None` for the escalation, which
    /// is e-mailed to every `admin_dentsu` instead.
    pub fn group(self) -> Option<AlertGroup> {
        match self {
            AlertType::Reconciliation => Some(AlertGroup::Finance),
            AlertType::DiscrepancyEscalated => None,
            _ => Some(AlertGroup::Operations),
        }
    }
}

text_enum! {
    /// `alerts.severity`.
    pub enum AlertSeverity {
        /// Look at it today.
        Warning = "warning",
        /// Look at it now.
        Critical = "critical",
    }
}

text_enum! {
    /// `surveys.status` (`draft → open → closed`).
    pub enum SurveyStatus {
        /// Editable, invisible to respondents.
        Draft = "draft",
        /// Answerable by the targeted roles.
        Open = "open",
        /// Final.
        Closed = "closed",
    }
}

text_enum! {
    /// `backup_snapshots.retention_tier`: how long a snapshot is kept (30 / 90 / 365 days).
    pub enum BackupRetentionTier {
        /// Kept 30 days.
        Daily = "daily",
        /// Kept 90 days.
        Weekly = "weekly",
        /// Kept 365 days.
        Monthly = "monthly",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn influencer_document_kinds_are_document_kinds_with_the_same_spelling() {
        for kind in InfluencerDocumentKind::ALL {
            assert_eq!(DocumentKind::from(kind).as_str(), kind.as_str());
        }
    }
}
