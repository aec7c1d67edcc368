//! `/gestor/marcas/nueva` and `/gestor/marcas/{id}`: a brand's fields (admin dentsu creates and
//! edits everything; admin marca edits its brand's description only; the gestor reads). The page
//! also carries the withdrawal policy form, handled in `brand_policy`.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_api_types::brands::{
    BrandResponse, CreateBrandRequest, UpdateBrandRequest, WithdrawalPolicyInput,
};
use afiliados_api_types::users::ListUsersQuery;
use afiliados_domain::{Money, Role, UserId};
use askama::Template;
use askama_web::WebTemplate;
use uuid::Uuid;

use super::{BRAND_ADMINS, BRAND_READERS, WITHDRAWAL_EDITORS};
use crate::context::Ctx;
use crate::error::WebError;
use crate::error_messages::{FieldErrors, form_feedback};
use crate::forms::FormData;
use crate::layout::{Layout, render};

/// The brand form's values.
#[derive(Default)]
pub(crate) struct BrandValues {
    pub(super) name: String,
    pub(super) slug: String,
    pub(super) coupon_prefix: String,
    pub(super) vtex_brand_id: String,
    pub(super) description: String,
    pub(super) owners: Vec<String>,
    pub(super) status: String,
    pub(super) minimum: String,
    pub(super) currency: String,
    pub(super) hold_days: String,
}

impl BrandValues {
    pub(super) fn of(brand: &BrandResponse) -> BrandValues {
        BrandValues {
            name: brand.name.clone(),
            slug: brand.slug.clone(),
            coupon_prefix: brand.coupon_prefix.clone(),
            vtex_brand_id: brand.vtex_brand_id.clone().unwrap_or_default(),
            description: brand.description.clone().unwrap_or_default(),
            owners: brand
                .owner_user_ids
                .iter()
                .flatten()
                .map(ToString::to_string)
                .collect(),
            status: brand.status.to_string(),
            minimum: brand.withdrawal_policy.minimum_amount.to_string(),
            currency: brand.withdrawal_policy.currency.clone(),
            hold_days: brand.withdrawal_policy.hold_days.to_string(),
        }
    }

    pub(super) fn read(form: &FormData) -> BrandValues {
        BrandValues {
            name: form.get("name"),
            slug: form.get("slug"),
            coupon_prefix: form.get("coupon_prefix"),
            vtex_brand_id: form.get("vtex_brand_id"),
            description: form.get("description"),
            owners: form.all("owner_user_ids"),
            status: form.get("status"),
            minimum: form.get("minimum_amount"),
            currency: form.get("currency"),
            hold_days: form.get("hold_days"),
        }
    }

    /// The withdrawal policy, or the fields that do not parse.
    pub(super) fn policy(
        &self,
        i18n: crate::i18n::I18n,
    ) -> Result<WithdrawalPolicyInput, FieldErrors> {
        let mut fields = FieldErrors::default();
        let minimum = Money::parse(if self.minimum.is_empty() {
            "0"
        } else {
            &self.minimum
        });
        if minimum.is_err() {
            fields.add(
                "withdrawalPolicy.minimumAmount",
                i18n.t("field_error.invalid_amount").to_owned(),
            );
        }
        let hold_days = if self.hold_days.is_empty() {
            Ok(0)
        } else {
            self.hold_days.parse::<i32>()
        };
        if hold_days.is_err() {
            fields.add(
                "withdrawalPolicy.holdDays",
                i18n.t("field_error.invalid_format").to_owned(),
            );
        }
        match (minimum, hold_days) {
            (Ok(minimum_amount), Ok(hold_days)) => Ok(WithdrawalPolicyInput {
                minimum_amount,
                currency: if self.currency.is_empty() {
                    "COP".to_owned()
                } else {
                    self.currency.to_uppercase()
                },
                hold_days,
            }),
            _ => Err(fields),
        }
    }
}

/// A user who may own a brand.
pub(crate) struct OwnerOption {
    id: String,
    label: String,
    checked: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/gestor/brand_form.html")]
pub(crate) struct BrandPage {
    l: Layout,
    /// `None` for a new brand.
    brand: Option<BrandResponse>,
    form: BrandValues,
    owners: Vec<OwnerOption>,
    can_edit_all: bool,
    can_edit_description: bool,
    can_edit_policy: bool,
    pub(super) message: Option<String>,
    pub(super) fields: FieldErrors,
}

/// Admin marca users, for the owners checkboxes (only admin dentsu may list users).
async fn owner_options(ctx: &Ctx) -> Result<Vec<OwnerOption>, WebError> {
    let query = ListUsersQuery {
        page: Some(1),
        page_size: Some(100),
        role: Some(Role::AdminMarca.as_str().to_owned()),
        status: None,
        q: None,
    };
    let users = ctx
        .call(async |api, token| api.list_users(token, &query).await)
        .await?;
    Ok(users
        .items
        .into_iter()
        .map(|user| OwnerOption {
            id: user.id.to_string(),
            label: format!("{} {} · {}", user.first_name, user.last_name, user.email),
            checked: false,
        })
        .collect())
}

pub(super) async fn page(
    ctx: &Ctx,
    brand: Option<BrandResponse>,
    form: Option<BrandValues>,
) -> Result<BrandPage, WebError> {
    let user = ctx.require(BRAND_READERS)?;
    let admin = user.has_any(BRAND_ADMINS);
    let form = form.unwrap_or_else(|| match &brand {
        Some(brand) => BrandValues::of(brand),
        None => BrandValues {
            status: "active".to_owned(),
            minimum: "0.00".to_owned(),
            currency: "COP".to_owned(),
            hold_days: "0".to_owned(),
            ..BrandValues::default()
        },
    });
    let mut owners = if admin {
        owner_options(ctx).await?
    } else {
        Vec::new()
    };
    for owner in &mut owners {
        owner.checked = form.owners.contains(&owner.id);
    }
    Ok(BrandPage {
        l: ctx.layout().await?,
        form,
        can_edit_all: admin,
        can_edit_description: admin || user.has_any(&[Role::AdminMarca]),
        can_edit_policy: brand.is_some() && user.has_any(WITHDRAWAL_EDITORS),
        brand,
        owners,
        message: None,
        fields: FieldErrors::default(),
    })
}

fn owner_ids(values: &BrandValues) -> Vec<UserId> {
    values
        .owners
        .iter()
        .filter_map(|id| id.parse().ok())
        .collect()
}

/// `GET /gestor/marcas/nueva` (AD).
pub(crate) async fn show_new_brand(ctx: Ctx) -> Result<HttpResponse, WebError> {
    ctx.require(BRAND_ADMINS)?;
    render(&page(&ctx, None, None).await?, StatusCode::OK)
}

/// `POST /gestor/marcas/nueva` (AD).
pub(crate) async fn submit_new_brand(ctx: Ctx, form: FormData) -> Result<HttpResponse, WebError> {
    ctx.require(BRAND_ADMINS)?;
    let values = BrandValues::read(&form);
    let policy = match values.policy(ctx.i18n) {
        Ok(policy) => policy,
        Err(fields) => {
            let mut page = page(&ctx, None, Some(values)).await?;
            page.fields = fields;
            return render(&page, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    let opt = |value: &str| Some(value.to_owned()).filter(|value| !value.is_empty());
    let request = CreateBrandRequest {
        name: values.name.clone(),
        slug: values.slug.clone(),
        coupon_prefix: values.coupon_prefix.to_uppercase(),
        vtex_brand_id: opt(&values.vtex_brand_id),
        description: opt(&values.description),
        owner_user_ids: owner_ids(&values),
        withdrawal_policy: Some(policy),
    };
    match ctx
        .call(async |api, token| api.create_brand(token, &request).await)
        .await
    {
        Ok(brand) => ctx.done(&format!("/gestor/marcas/{}", brand.id), "brands.created"),
        Err(error) => {
            let feedback = form_feedback(error, ctx.i18n)?;
            let mut page = page(&ctx, None, Some(values)).await?;
            page.message = feedback.message;
            page.fields = feedback.fields;
            render(&page, feedback.status)
        }
    }
}

/// `GET /gestor/marcas/{id}`.
pub(crate) async fn show_brand(ctx: Ctx, id: web::Path<Uuid>) -> Result<HttpResponse, WebError> {
    ctx.require(BRAND_READERS)?;
    let id = id.into_inner();
    let brand = ctx
        .call(async |api, token| api.get_brand(token, id).await)
        .await?;
    render(&page(&ctx, Some(brand), None).await?, StatusCode::OK)
}

/// `POST /gestor/marcas/{id}`: AD sends every field, AM the description only.
pub(crate) async fn submit_update_brand(
    ctx: Ctx,
    id: web::Path<Uuid>,
    form: FormData,
) -> Result<HttpResponse, WebError> {
    let user = ctx.require(&[Role::AdminDentsu, Role::AdminMarca])?;
    let id = id.into_inner();
    let values = BrandValues::read(&form);
    let description = Some(form.opt("description"));
    let request = if user.has_any(BRAND_ADMINS) {
        UpdateBrandRequest {
            name: Some(values.name.clone()),
            slug: Some(values.slug.clone()),
            coupon_prefix: Some(values.coupon_prefix.to_uppercase()),
            vtex_brand_id: Some(form.opt("vtex_brand_id")),
            description,
            owner_user_ids: Some(owner_ids(&values)),
            status: form.opt("status"),
            force: form.checked("force"),
        }
    } else {
        UpdateBrandRequest {
            description,
            ..UpdateBrandRequest::default()
        }
    };
    match ctx
        .call(async |api, token| api.update_brand(token, id, &request).await)
        .await
    {
        Ok(_) => ctx.done(&format!("/gestor/marcas/{id}"), "brands.updated"),
        Err(error) => {
            let feedback = form_feedback(error, ctx.i18n)?;
            let brand = ctx
                .call(async |api, token| api.get_brand(token, id).await)
                .await?;
            let mut page = page(&ctx, Some(brand), Some(values)).await?;
            page.message = feedback.message;
            page.fields = feedback.fields;
            render(&page, feedback.status)
        }
    }
}
