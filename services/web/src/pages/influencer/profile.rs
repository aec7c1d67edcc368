//! `/influencer/perfil`: the influencer's contact fields, social links and marketing choice, and
//! the bank account (shown masked; replacing it sends the whole new account, the api e-mails a
//! confirmation).

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use afiliados_api_types::influencers::{
    BankAccountRequest, InfluencerResponse, UpdateInfluencerRequest,
};
use askama::Template;
use askama_web::WebTemplate;
use uuid::Uuid;

use crate::context::Ctx;
use crate::error::WebError;
use crate::error_messages::{FieldErrors, form_feedback};
use crate::forms::FormData;
use crate::layout::{Layout, render};

/// The api accepts up to ten links.
const MAX_LINKS: usize = 10;

/// The contact form's values.
pub(crate) struct ContactValues {
    phone: String,
    address: String,
    city: String,
    department: String,
    country: String,
    social_links: Vec<String>,
    marketing_opt_in: bool,
}

impl ContactValues {
    fn of(influencer: &InfluencerResponse) -> ContactValues {
        ContactValues {
            phone: influencer.phone.clone().unwrap_or_default(),
            address: influencer.address.clone().unwrap_or_default(),
            city: influencer.city.clone().unwrap_or_default(),
            department: influencer.department.clone().unwrap_or_default(),
            country: influencer.country.clone(),
            social_links: with_blanks(influencer.social_links.clone()),
            marketing_opt_in: influencer.marketing_opt_in,
        }
    }

    fn read(form: &FormData) -> ContactValues {
        ContactValues {
            phone: form.get("phone"),
            address: form.get("address"),
            city: form.get("city"),
            department: form.get("department"),
            country: form.get("country"),
            social_links: with_blanks(form.all("social_links")),
            marketing_opt_in: form.checked("marketing_opt_in"),
        }
    }
}

/// The links plus room for two more (at most ten inputs).
fn with_blanks(mut links: Vec<String>) -> Vec<String> {
    let slots = (links.len() + 2).clamp(3, MAX_LINKS);
    links.resize(slots.max(links.len()), String::new());
    links
}

/// The bank form's values (the number is never shown back).
#[derive(Default)]
pub(crate) struct BankValues {
    holder: String,
    bank_name: String,
    account_type: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/influencer/profile.html")]
pub(crate) struct ProfilePage {
    l: Layout,
    influencer: InfluencerResponse,
    contact: ContactValues,
    bank: BankValues,
    message: Option<String>,
    fields: FieldErrors,
}

async fn load(ctx: &Ctx, id: Uuid) -> Result<InfluencerResponse, WebError> {
    ctx.call(async |api, token| api.get_influencer(token, id).await)
        .await
}

async fn page(ctx: &Ctx, influencer: InfluencerResponse) -> Result<ProfilePage, WebError> {
    Ok(ProfilePage {
        l: ctx.layout().await?,
        contact: ContactValues::of(&influencer),
        bank: BankValues {
            account_type: "ahorros".to_owned(),
            ..BankValues::default()
        },
        influencer,
        message: None,
        fields: FieldErrors::default(),
    })
}

/// `GET /influencer/perfil`.
pub(crate) async fn show_profile(ctx: Ctx) -> Result<HttpResponse, WebError> {
    let (_, id) = ctx.require_influencer().await?;
    let influencer = load(&ctx, id).await?;
    render(&page(&ctx, influencer).await?, StatusCode::OK)
}

/// `POST /influencer/perfil`: an emptied field is cleared (`null`).
pub(crate) async fn submit_profile(ctx: Ctx, form: FormData) -> Result<HttpResponse, WebError> {
    let (_, id) = ctx.require_influencer().await?;
    let values = ContactValues::read(&form);
    let request = UpdateInfluencerRequest {
        phone: Some(form.opt("phone")),
        address: Some(form.opt("address")),
        city: Some(form.opt("city")),
        department: Some(form.opt("department")),
        country: form.opt("country"),
        social_links: Some(form.all("social_links")),
        marketing_opt_in: Some(values.marketing_opt_in),
        ..UpdateInfluencerRequest::default()
    };
    match ctx
        .call(async |api, token| api.update_influencer(token, id, &request).await)
        .await
    {
        Ok(_) => ctx.done("/influencer/perfil", "profile.saved"),
        Err(error) => {
            let feedback = form_feedback(error, ctx.i18n)?;
            let mut page = page(&ctx, load(&ctx, id).await?).await?;
            page.contact = values;
            page.message = feedback.message;
            page.fields = feedback.fields;
            render(&page, feedback.status)
        }
    }
}

/// `POST /influencer/perfil/cuenta-bancaria`: replaces the account.
pub(crate) async fn submit_bank_account(
    ctx: Ctx,
    form: FormData,
) -> Result<HttpResponse, WebError> {
    let (_, id) = ctx.require_influencer().await?;
    let bank = BankValues {
        holder: form.get("bank_account_holder"),
        bank_name: form.get("bank_name"),
        account_type: form.get("bank_account_type"),
    };
    let request = UpdateInfluencerRequest {
        bank_account: Some(Some(BankAccountRequest {
            account_holder: bank.holder.clone(),
            bank_name: bank.bank_name.clone(),
            account_type: bank.account_type.to_string(),
            account_number: form.get("bank_account_number"),
        })),
        // Re-entered: a stolen session alone must not redirect payouts (ADR 0018).
        current_password: Some(form.get("current_password")),
        ..UpdateInfluencerRequest::default()
    };
    match ctx
        .call(async |api, token| api.update_influencer(token, id, &request).await)
        .await
    {
        Ok(_) => ctx.done("/influencer/perfil", "profile.bank_saved"),
        Err(error) => {
            let feedback = form_feedback(error, ctx.i18n)?;
            let mut page = page(&ctx, load(&ctx, id).await?).await?;
            page.bank = bank;
            page.message = feedback.message;
            page.fields = feedback.fields;
            render(&page, feedback.status)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::with_blanks;

    #[test]
    fn offers_room_for_more_links_up_to_ten() {
        assert_eq!(with_blanks(vec![]).len(), 3);
        assert_eq!(with_blanks(vec!["a".into(); 4]).len(), 6);
        assert_eq!(with_blanks(vec!["a".into(); 10]).len(), 10);
    }
}
