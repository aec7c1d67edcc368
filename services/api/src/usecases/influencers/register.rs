//! `POST /public/influencers` (`domain.md` §5.2.1): the user account, the `pending` influencer,
//! its consents with server-computed hashes, the sealed bank account, the welcome (and
//! set-password) e-mails, the gestores' notices and the audit row — one transaction.

use afiliados_api_types::ErrorCode;
use afiliados_api_types::influencers::RegistrationResponse;
use afiliados_db::AsyncPgConnection;
use afiliados_db::influencers::write::NewInfluencer;
use afiliados_db::status_history::StatusChange;
use afiliados_db::users::NewUser;
use afiliados_email_messages::WelcomeRegistrationReceived;
use serde_json::json;
use uuid::Uuid;

use super::access::View;
use super::registration::{ValidRegistration, check_policies};
use super::{bank, representation};
use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::consents::{ConsentOrigin, record};
use crate::usecases::emails::{QueuedEmail, queue};
use crate::usecases::{Problems, UseCaseContext, UseCaseError};

/// Business days within which staff review a registration (the response's promise).
pub const REVIEW_BUSINESS_DAYS: u32 = 3;

/// The review promise shown to the person.
pub fn review_message() -> String {
    format!(
        "Recibimos tu registro. Nuestro equipo revisará tu información en un plazo máximo de \
         {REVIEW_BUSINESS_DAYS} días hábiles y te avisaremos por correo."
    )
}

/// 409 when the email or the document is taken (the unique indexes back this up).
async fn check_duplicates(
    tx: &mut AsyncPgConnection,
    tenant_id: Uuid,
    valid: &ValidRegistration,
) -> Result<(), UseCaseError> {
    use afiliados_db::influencers::write::{document_in_use, email_in_use};
    if email_in_use(tx, tenant_id, valid.email.as_str(), None, None).await? {
        return Err(UseCaseError::conflict(ErrorCode::EmailAlreadyRegistered));
    }
    let (kind, number) = (valid.document_type.as_str(), valid.document_number.as_str());
    if document_in_use(tx, tenant_id, kind, number, None).await? {
        return Err(UseCaseError::conflict(ErrorCode::DocumentAlreadyRegistered));
    }
    Ok(())
}

/// Creates everything inside the caller's transaction; `password_hash` was computed outside it
/// (argon2 would hold the transaction open). Nobody is signed in: the person registers itself.
#[tracing::instrument(skip_all, fields(influencer.id = tracing::field::Empty))]
pub async fn register(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    valid: &ValidRegistration,
    password_hash: Option<String>,
) -> Result<RegistrationResponse, UseCaseError> {
    let tenant_id = ctx.tenant_id;
    // A version published since validation is no longer active: check again under this
    // transaction so a consent is never recorded for a superseded text.
    let accepted: Vec<Uuid> = valid.policies.iter().map(|v| v.id).collect();
    let active = afiliados_db::policy_versions::active(tx, tenant_id).await?;
    let mut problems = Problems::new();
    let policies = check_policies(&active, &accepted, &mut problems);
    problems.finish()?;
    check_duplicates(tx, tenant_id, valid).await?;

    let email = valid.email.as_str();
    let user_status = if password_hash.is_some() {
        "active"
    } else {
        "invited"
    };
    let user = afiliados_db::users::insert(
        tx,
        &NewUser {
            id: afiliados_db::new_id(),
            tenant_id,
            email,
            first_name: &valid.first_name,
            last_name: &valid.last_name,
            password_hash: password_hash.as_deref(),
            status: user_status,
            locale: "es",
            created_by: None,
            password_changed_at: password_hash.as_ref().map(|_| ctx.now()),
        },
    )
    .await?;
    afiliados_db::roles::set_roles(tx, user.id, &["influencer".to_owned()], None).await?;
    let history = |entity_type, entity_id, to| StatusChange {
        tenant_id,
        entity_type,
        entity_id,
        from: None,
        to,
        reason: None,
        actor: email,
    };
    afiliados_db::status_history::record(tx, history("user", user.id, user_status)).await?;

    let influencer_id = afiliados_db::new_id();
    let sealed = valid
        .bank_account
        .as_ref()
        .map(|account| bank::seal(ctx.data_keys, influencer_id, account))
        .transpose()?;
    let influencer = afiliados_db::influencers::write::insert(
        tx,
        &NewInfluencer {
            id: influencer_id,
            tenant_id,
            user_id: Some(user.id),
            first_name: valid.first_name.clone(),
            last_name: valid.last_name.clone(),
            document_type: valid.document_type.as_str().to_owned(),
            document_number: valid.document_number.as_str().to_owned(),
            email: email.to_owned(),
            phone: valid.phone.clone(),
            address: valid.address.clone(),
            city: valid.city.clone(),
            department: valid.department.clone(),
            country: valid.country.clone(),
            social_links: valid.social_links.clone(),
            tax_profile_id: valid.tax_profile.as_ref().map(|t| t.id),
            bank_account_last4: sealed.as_ref().map(|s| s.last4.clone()),
            bank_account_type: sealed.as_ref().map(|s| s.account_type.clone()),
            bank_name: sealed.as_ref().map(|s| s.bank_name.clone()),
            bank_account_ciphertext: sealed.map(|s| s.ciphertext),
            marketing_opt_in: valid.marketing_opt_in,
        },
    )
    .await?;
    tracing::Span::current().record("influencer.id", tracing::field::display(influencer.id));
    afiliados_db::status_history::record(tx, history("influencer", influencer.id, "pending"))
        .await?;

    let actor = AuditActor::Identified {
        id: user.id,
        label: email.to_owned(),
        roles: vec!["influencer".to_owned()],
    };
    record(
        tx,
        tenant_id,
        influencer.id,
        &policies,
        &ConsentOrigin::from_request("web", None),
        &actor,
        ctx.now(),
    )
    .await?;

    queue(
        tx,
        tenant_id,
        QueuedEmail {
            recipient: email,
            recipient_user_id: Some(user.id),
            locale: user.locale.as_str(),
            message: WelcomeRegistrationReceived {
                first_name: user.first_name.clone(),
                review_days: REVIEW_BUSINESS_DAYS,
                link: format!(
                    "{}/login",
                    ctx.settings.web_public_url.trim_end_matches('/')
                ),
            }
            .into(),
        },
    )
    .await?;
    if password_hash.is_none() {
        crate::usecases::users::create::send_password_link(
            tx,
            ctx,
            &user,
            crate::usecases::users::create::PasswordLinkEmail::SetPassword,
        )
        .await?;
    }
    let notice = json!({
        "influencerId": influencer.id,
        "name": influencer.full_name(),
    });
    for gestor in afiliados_db::roles::active_holders(
        tx,
        tenant_id,
        &[afiliados_domain::Role::GestorAfiliados.as_str()],
    )
    .await?
    {
        afiliados_db::notifications::insert(
            tx,
            tenant_id,
            gestor,
            "influencer.registered",
            "info",
            &notice,
        )
        .await?;
    }
    let after = representation::audit_snapshot(&influencer);
    audit::record(
        tx,
        tenant_id,
        &actor,
        AuditEvent::new("influencer.registered", "influencer", influencer.id)
            .changes(None, Some(after)),
    )
    .await?;

    let detail = representation::detail(tx, ctx, influencer, &View::Own).await?;
    Ok(RegistrationResponse {
        influencer: detail,
        user_status: user_status.to_owned(),
        message: review_message(),
    })
}
