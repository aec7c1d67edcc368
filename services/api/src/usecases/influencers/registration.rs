//! Validating a registration (`domain.md` §5.2.2): every field rule, the tax profile and the
//! accepted policy versions, all reported in one 422.

use afiliados_api_types::influencers::RegisterInfluencerRequest;
use afiliados_db::AsyncPgConnection;
use afiliados_db::influencers::write::TaxProfileRef;
use afiliados_db::policy_versions::PolicyVersion;
use afiliados_domain::FieldCode;
use afiliados_domain::{BankAccount, DocumentNumber, DocumentType, Email};
use serde_json::json;
use uuid::Uuid;

use super::fields::{self, ADDRESS_MAX, CITY_MAX};
use crate::usecases::policies::POLICY_TYPES;
use crate::usecases::{Problems, UseCaseContext, UseCaseError};

/// A registration whose fields passed every rule.
#[derive(Debug, Clone)]
pub struct ValidRegistration {
    /// Given name.
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// Document type.
    pub document_type: DocumentType,
    /// Normalised document number.
    pub document_number: DocumentNumber,
    /// Lower-case email.
    pub email: Email,
    /// E.164 phone.
    pub phone: Option<String>,
    /// City.
    pub city: Option<String>,
    /// Department.
    pub department: Option<String>,
    /// Address.
    pub address: Option<String>,
    /// ISO country.
    pub country: String,
    /// https URLs.
    pub social_links: Vec<String>,
    /// The chosen password (hashed before the transaction).
    pub password: Option<String>,
    /// Tax profile.
    pub tax_profile: Option<TaxProfileRef>,
    /// Bank account.
    pub bank_account: Option<BankAccount>,
    /// The active versions accepted.
    pub policies: Vec<PolicyVersion>,
    /// Marketing e-mails.
    pub marketing_opt_in: bool,
}

/// Checks the accepted ids against the active versions: each type's active version must be
/// there (`consent_missing` listing the missing types; a type with no published version counts
/// as missing, so registration fails closed) and no other id may be (`policy_version_not_active`).
pub fn check_policies(
    active: &[PolicyVersion],
    accepted: &[Uuid],
    problems: &mut Problems,
) -> Vec<PolicyVersion> {
    const FIELD: &str = "acceptedPolicyVersionIds";
    let missing: Vec<&str> = POLICY_TYPES
        .into_iter()
        .filter(|kind| {
            !active
                .iter()
                .any(|v| v.policy_type.as_str() == *kind && accepted.contains(&v.id))
        })
        .collect();
    if !missing.is_empty() {
        problems.push_with(
            FIELD,
            FieldCode::ConsentMissing,
            json!({ "missing": missing }),
        );
    }
    let mut inactive: Vec<Uuid> = accepted
        .iter()
        .filter(|id| !active.iter().any(|v| v.id == **id))
        .copied()
        .collect();
    inactive.dedup();
    if !inactive.is_empty() {
        problems.push_with(
            FIELD,
            FieldCode::PolicyVersionNotActive,
            json!({ "policyVersionIds": inactive }),
        );
    }
    active
        .iter()
        .filter(|v| accepted.contains(&v.id))
        .cloned()
        .collect()
}

/// Validates the whole request, reading the tax profiles and the active policy versions.
pub async fn validate(
    conn: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    request: &RegisterInfluencerRequest,
) -> Result<ValidRegistration, UseCaseError> {
    let tenant_id = ctx.tenant_id;
    let mut p = Problems::new();
    let first_name = fields::name("firstName", &request.first_name, &mut p);
    let last_name = fields::name("lastName", &request.last_name, &mut p);
    let document_type = fields::document_type(&request.document_type, &mut p);
    let document_number = fields::document_number(document_type, &request.document_number, &mut p);
    let email = fields::email(&request.email, &mut p);
    let phone = fields::phone(request.phone.as_deref(), &mut p);
    let city = fields::text("city", request.city.as_deref(), CITY_MAX, &mut p);
    let department = fields::text(
        "department",
        request.department.as_deref(),
        CITY_MAX,
        &mut p,
    );
    let address = fields::text("address", request.address.as_deref(), ADDRESS_MAX, &mut p);
    let country = fields::country(request.country.as_deref(), &mut p);
    let social_links = fields::social_links(&request.social_links, &mut p);
    let password = request.password.as_deref().filter(|pw| !pw.is_empty());
    if let Some(password) = password {
        fields::password(password, &request.email, &mut p);
    }
    let bank_account = match &request.bank_account {
        Some(raw) => fields::bank_account(raw, &mut p).map(Some),
        None => Some(None),
    };
    let tax_code = request
        .tax_profile_code
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    let tax_profile = match tax_code {
        Some(code) => {
            let found =
                afiliados_db::influencers::write::active_tax_profile(conn, tenant_id, code).await?;
            if found.is_none() {
                p.push("taxProfileCode", FieldCode::UnknownReference);
            }
            found
        }
        None => None,
    };
    let active = afiliados_db::policy_versions::active(conn, tenant_id).await?;
    let policies = check_policies(
        &active,
        &afiliados_domain::ids::uuids(&request.accepted_policy_version_ids),
        &mut p,
    );
    match (
        first_name,
        last_name,
        document_type,
        document_number,
        email,
        phone,
        city,
        department,
        address,
        country,
        social_links,
        bank_account,
    ) {
        (
            Some(first_name),
            Some(last_name),
            Some(document_type),
            Some(document_number),
            Some(email),
            Ok(phone),
            Ok(city),
            Ok(department),
            Ok(address),
            Some(country),
            Some(social_links),
            Some(bank_account),
        ) if p.is_empty() => Ok(ValidRegistration {
            first_name,
            last_name,
            document_type,
            document_number,
            email,
            phone,
            city,
            department,
            address,
            country,
            social_links,
            password: password.map(str::to_owned),
            tax_profile,
            bank_account,
            policies,
            marketing_opt_in: request.marketing_opt_in,
        }),
        _ => {
            p.finish()?;
            Err(UseCaseError::internal(
                "registration validation failed without a recorded problem",
            ))
        }
    }
}
