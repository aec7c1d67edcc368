//! From an order to a commission, as pure functions over plain inputs (issue 10, step 0): the
//! order and commission state machines (`domain.md` §4.5–4.6), attribution (§5.7), per-line
//! eligibility and amounts (§5.8), returns and edits (§5.9), self-referral holds (§5.10), tiers
//! (§5.11), settlement (§5.12), and the ledger's deltas and clawback (§5.13), plus the VTEX state
//! map (`vtex.md` §3) and the frozen rule snapshot. No database, no
//! clock: callers pass the instants. Where the spec leaves a choice, ADR 0030 records it.

pub mod attribution;
pub mod clawback;
pub mod commission_state;
pub mod eligibility;
pub mod ingest_version;
pub mod ledger_delta;
pub mod line_amounts;
pub mod order_edits;
pub mod order_line;
pub mod order_status;
pub mod posting;
pub mod rate;
pub mod returns;
pub mod self_referral;
pub mod settlement;
pub mod settlement_run;
pub mod shipping;
pub mod snapshot;
pub mod state;
pub mod status_at;
pub mod tier_evaluation;
pub mod vtex_state;

#[cfg(test)]
mod fixture;
#[cfg(test)]
mod proptests;

pub use attribution::{
    Attribution, AttributionCheck, AttributionInput, CheckOutcome, Compared, MatchedCode,
    NonAttributionReason, Verdict, attribute,
};
pub use clawback::{ClawbackSplit, ConfirmedReversal, clawback_split, reverse_confirmed};
pub use commission_state::{
    CommissionPosition, CommissionState, HoldReason, ReversalReason, TransitionKind,
    TransitionRefused, apply_transition,
};
pub use eligibility::{EligibilityRules, IneligibilityReason, Scope, line_eligibility};
pub use ingest_version::{IngestAction, ingest_action};
pub use ledger_delta::{
    AdjustmentKind, Buckets, Direction, LedgerEntryDraft, LedgerEntryType, LedgerMovement,
    LedgerRefused, Recovery, fold_deltas, post,
};
pub use line_amounts::{
    CommissionCalculation, LineCalculation, PricingRules, calculate_commission, eligible_amount,
    line_commission,
};
pub use order_edits::{VersionLine, apply_version};
pub use order_line::OrderLine;
pub use order_status::{
    ObservedStatus, OrderStatus, StatusDates, StatusMove, VersionDates, move_status,
};
pub use posting::{Posting, post_confirmed, post_estimated, post_movements};
pub use rate::{FrozenRate, RateSource, TierPeriod, rate_at_placement};
pub use returns::{cumulative_reverted, revert_all};
pub use self_referral::{
    SelfReferralInput, SelfReferralMatch, document_digits, is_masked_email, normalise_email,
    self_referral,
};
pub use settlement::{
    EvaluationPoint, PendingReason, SettlementCandidate, SettlementDecision, SettlementTotals,
    check_waiting_period, confirmation_anchor, confirmation_due_at, evaluation_instant, settle,
};
pub use settlement_run::{SettlementList, SettlementSource, SettlementStatus};
pub use shipping::allocate_shipping;
pub use snapshot::{CampaignRules, RuleSnapshot};
pub use state::{CommissionLine, CommissionMoney, CommissionMovement, CommissionUpdate};
pub use status_at::{StatusChange, status_at};
pub use tier_evaluation::{
    CommissionSales, TierEvaluation, evaluate_tier, evaluation_window, first_evaluation_on,
    next_evaluation_on, sales_volume,
};
pub use vtex_state::{map_raw_state, observe_vtex_state};
