//! `/influencer/billetera` (influencer): the wallet per brand (available, pending withdrawal,
//! withdrawn, pending adjustments, the brand's minimum), a "request withdrawal" form per brand,
//! the influencer's withdrawals, payments (gross, withheld, net) and open debts.
//! `POST /influencer/billetera/retiros` sends the request with the form's `Idempotency-Key`; a
//! refusal re-renders the wallet with what was typed and the api's reason with its number
//! (`below_minimum` → the minimum, `withdrawal_exceeds_available` → the available).

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use afiliados_api_types::ApiErrorCode;
use afiliados_api_types::dashboards::{InfluencerDashboard, InfluencerDashboardQuery};
use afiliados_api_types::payments::{
    CreateWithdrawalRequest, ListPaymentsQuery, ListWithdrawalsQuery,
};
use askama::Template;
use askama_web::WebTemplate;

use super::shared::{
    PaymentRow, WithdrawalRow, explained, field_with_params, fresh_key, parse_amount, short_note,
    submitted_key,
};
use crate::context::Ctx;
use crate::error::{ACCEPT_POLICIES_PATH, WebError};
use crate::error_messages::{FieldErrors, form_feedback, wire_error_message};
use crate::format::{money, stamp};
use crate::forms::FormData;
use crate::layout::{Layout, render};

/// One brand of the wallet with its request form.
pub(crate) struct WalletRow {
    brand_id: String,
    brand: String,
    available: String,
    negative: bool,
    pending_withdrawal: String,
    withdrawn: String,
    pending_adjustments: String,
    confirmed: String,
    minimum: String,
    max_withdrawable: String,
    can_withdraw: bool,
}

/// An open debt.
pub(crate) struct DebtRow {
    brand: String,
    kind: String,
    amount: String,
    reason: String,
    created_at: String,
}

/// The request form as typed (for the brand it was sent for).
#[derive(Default)]
pub(crate) struct RequestValues {
    brand_id: String,
    amount: String,
    notes: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/payouts/wallet.html")]
pub(crate) struct WalletPage {
    l: Layout,
    rows: Vec<WalletRow>,
    debts: Vec<DebtRow>,
    withdrawals: Vec<WithdrawalRow>,
    payments: Vec<PaymentRow>,
    /// A fresh key for every form on this render.
    idempotency_key: String,
    form: RequestValues,
    message: Option<String>,
    fields: FieldErrors,
    generated_at: String,
}

fn wallet_rows(ctx: &Ctx, board: &InfluencerDashboard) -> Vec<WalletRow> {
    let locale = ctx.i18n.locale;
    board
        .wallet
        .by_brand
        .iter()
        .map(|b| WalletRow {
            brand_id: b.brand_id.to_string(),
            brand: b.brand_name.clone(),
            available: money(locale, b.balance.available),
            negative: b.balance.available.is_negative(),
            pending_withdrawal: money(locale, b.balance.pending_withdrawal),
            withdrawn: money(locale, b.balance.withdrawn),
            pending_adjustments: money(locale, b.balance.pending_adjustments),
            confirmed: money(locale, b.balance.confirmed),
            minimum: money(locale, b.minimum_withdrawal),
            max_withdrawable: money(locale, b.max_withdrawable),
            can_withdraw: b.can_withdraw,
        })
        .collect()
}

async fn page(ctx: &Ctx, form: RequestValues) -> Result<WalletPage, WebError> {
    ctx.require_influencer().await?;
    let board = ctx
        .call(async |api, token| {
            api.influencer_dashboard(token, &InfluencerDashboardQuery::default())
                .await
        })
        .await?;
    let withdrawals_query = ListWithdrawalsQuery {
        page_size: Some(20),
        ..ListWithdrawalsQuery::default()
    };
    let withdrawals = ctx
        .call(async |api, token| api.list_withdrawals(token, &withdrawals_query).await)
        .await?;
    let payments_query = ListPaymentsQuery {
        page_size: Some(20),
        ..ListPaymentsQuery::default()
    };
    let payments = ctx
        .call(async |api, token| api.list_payments(token, &payments_query).await)
        .await?;
    let i18n = ctx.i18n;
    Ok(WalletPage {
        rows: wallet_rows(ctx, &board),
        debts: board
            .open_adjustments
            .iter()
            .map(|a| DebtRow {
                brand: a.brand_name.clone(),
                kind: i18n.label("adjustment_kind", a.kind),
                amount: money(i18n.locale, a.amount),
                reason: a.reason.clone(),
                created_at: stamp(Some(a.created_at)),
            })
            .collect(),
        withdrawals: withdrawals
            .items
            .iter()
            .map(|w| WithdrawalRow::new(i18n, w))
            .collect(),
        payments: payments
            .items
            .iter()
            .map(|p| PaymentRow::new(i18n, p))
            .collect(),
        idempotency_key: fresh_key(),
        form,
        message: None,
        fields: FieldErrors::default(),
        generated_at: stamp(Some(board.generated_at)),
        l: ctx.layout().await?,
    })
}

/// `GET /influencer/billetera`.
pub(crate) async fn show_wallet(ctx: Ctx) -> Result<HttpResponse, WebError> {
    let shown = page(&ctx, RequestValues::default()).await?;
    render(&shown, StatusCode::OK)
}

/// `POST /influencer/billetera/retiros`: to the new request's page when accepted.
pub(crate) async fn submit_withdrawal(ctx: Ctx, form: FormData) -> Result<HttpResponse, WebError> {
    ctx.require_influencer().await?;
    let values = RequestValues {
        brand_id: form.get("brand_id"),
        amount: form.get("amount"),
        notes: form.get("notes"),
    };
    let i18n = ctx.i18n;
    let mut fields = FieldErrors::default();
    let amount = parse_amount(&values.amount);
    if amount.is_none() {
        fields.add("amount", i18n.t("payouts.amount_help").to_owned());
    }
    if !short_note(&values.notes) {
        fields.add("notes", i18n.t("field_error.too_long").to_owned());
    }
    let (Some(amount), true) = (amount, fields.is_empty()) else {
        let mut shown = page(&ctx, values).await?;
        shown.fields = fields;
        return render(&shown, StatusCode::UNPROCESSABLE_ENTITY);
    };
    let request = CreateWithdrawalRequest {
        brand_id: values.brand_id.clone(),
        amount,
        notes: Some(values.notes.clone()).filter(|n| !n.is_empty()),
        influencer_id: None,
    };
    let key = submitted_key(&form);
    match ctx
        .call(async |api, token| api.create_withdrawal(token, &request, &key).await)
        .await
    {
        Ok(created) => ctx.done(&format!("/retiros/{}", created.id), "payouts.requested"),
        // New policy versions came out since the wallet was shown: the influencer accepts
        // them first (the wallet itself is closed until then), told why.
        Err(WebError::Api(error)) if error.code() == Some(ApiErrorCode::ConsentRequired) => ctx
            .failed(
                ACCEPT_POLICIES_PATH,
                &wire_error_message(i18n, "consent_required"),
            ),
        Err(error) => {
            let feedback = form_feedback(error, i18n)?;
            let mut shown = page(&ctx, values).await?;
            shown.message = explained(i18n, &feedback);
            let mut fields = FieldErrors::default();
            for text in field_with_params(i18n, &feedback, "amount") {
                fields.add("amount", text);
            }
            for text in feedback.fields.of("notes") {
                fields.add("notes", text.to_owned());
            }
            if feedback.message.is_none() && fields.is_empty() {
                shown.message = Some(feedback.fields.all().join(" "));
            }
            shown.fields = fields;
            render(&shown, feedback.status)
        }
    }
}
