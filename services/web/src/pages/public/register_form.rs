//! The registration form's values (kept when the form comes back with errors, the password
//! never), the checks the web makes before calling the api, and the api body built from them.

use afiliados_api_types::influencers::{BankAccountRequest, RegisterInfluencerRequest};
use afiliados_api_types::policies::PolicyVersionResponse;

use crate::error_messages::FieldErrors;
use crate::forms::FormData;
use crate::i18n::I18n;

/// How many social link inputs the form shows.
pub(crate) const SOCIAL_SLOTS: usize = 3;

/// What the form shows.
#[derive(Debug, Clone)]
pub(crate) struct RegisterValues {
    pub(crate) first_name: String,
    pub(crate) last_name: String,
    pub(crate) document_type: String,
    pub(crate) document_number: String,
    pub(crate) email: String,
    pub(crate) phone: String,
    pub(crate) city: String,
    pub(crate) department: String,
    pub(crate) address: String,
    pub(crate) country: String,
    pub(crate) social_links: Vec<String>,
    pub(crate) tax_profile_code: String,
    pub(crate) bank_holder: String,
    pub(crate) bank_name: String,
    pub(crate) bank_type: String,
    pub(crate) bank_number: String,
    pub(crate) accepted: Vec<String>,
    pub(crate) marketing_opt_in: bool,
}

impl Default for RegisterValues {
    fn default() -> RegisterValues {
        RegisterValues {
            first_name: String::new(),
            last_name: String::new(),
            document_type: "CC".to_owned(),
            document_number: String::new(),
            email: String::new(),
            phone: String::new(),
            city: String::new(),
            department: String::new(),
            address: String::new(),
            country: "CO".to_owned(),
            social_links: vec![String::new(); SOCIAL_SLOTS],
            tax_profile_code: String::new(),
            bank_holder: String::new(),
            bank_name: String::new(),
            bank_type: "ahorros".to_owned(),
            bank_number: String::new(),
            accepted: Vec::new(),
            marketing_opt_in: false,
        }
    }
}

/// One policy to accept.
pub(crate) struct PolicyRow {
    pub(crate) id: String,
    pub(crate) policy_type: String,
    pub(crate) type_label: String,
    pub(crate) title: String,
    pub(crate) version: String,
    pub(crate) href: String,
    pub(crate) checked: bool,
}

impl PolicyRow {
    pub(crate) fn new(
        i18n: I18n,
        policy: &PolicyVersionResponse,
        accepted: &[String],
    ) -> PolicyRow {
        let id = policy.id.to_string();
        PolicyRow {
            checked: accepted.contains(&id),
            href: policy_href(policy.policy_type.as_str(), &policy.version),
            type_label: i18n.label("policy_type", policy.policy_type),
            policy_type: policy.policy_type.to_string(),
            title: policy.title.clone(),
            version: policy.version.clone(),
            id,
        }
    }
}

/// The web page that shows a version's text.
pub(crate) fn policy_href(policy_type: &str, version: &str) -> String {
    format!("/politicas/{policy_type}/{version}")
}

/// The submitted form, its password and confirmation.
pub(crate) struct Submitted {
    pub(crate) values: RegisterValues,
    pub(crate) password: Option<String>,
    pub(crate) confirm_password: String,
}

impl Submitted {
    pub(crate) fn read(form: &FormData) -> Submitted {
        let mut social_links = form.all("social_links");
        social_links.resize(social_links.len().max(SOCIAL_SLOTS), String::new());
        let values = RegisterValues {
            first_name: form.get("first_name"),
            last_name: form.get("last_name"),
            document_type: form.get("document_type"),
            document_number: form.get("document_number"),
            email: form.get("email"),
            phone: form.get("phone"),
            city: form.get("city"),
            department: form.get("department"),
            address: form.get("address"),
            country: form.opt("country").unwrap_or_else(|| "CO".to_owned()),
            social_links,
            tax_profile_code: form.get("tax_profile_code"),
            bank_holder: form.get("bank_account_holder"),
            bank_name: form.get("bank_name"),
            bank_type: form.get("bank_account_type"),
            bank_number: form.get("bank_account_number"),
            accepted: form.all("accepted_policy_version_ids"),
            marketing_opt_in: form.checked("marketing_opt_in"),
        };
        // Passwords are not trimmed: spaces may be part of them.
        let raw = |name: &str| {
            form.0
                .iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.clone())
                .unwrap_or_default()
        };
        let password = Some(raw("password")).filter(|value| !value.is_empty());
        Submitted {
            values,
            password,
            confirm_password: raw("confirm_password"),
        }
    }

    /// What the web refuses before calling the api: no social link, a password that does not
    /// match its confirmation, a policy left unchecked.
    pub(crate) fn check(&self, i18n: I18n, policies: &[PolicyVersionResponse]) -> FieldErrors {
        let mut fields = FieldErrors::default();
        if self.values.social_links.iter().all(String::is_empty) {
            fields.add("socialLinks", i18n.t("register.social_required").to_owned());
        }
        if self.password.is_some()
            && self.password.as_deref() != Some(self.confirm_password.as_str())
        {
            fields.add("confirmPassword", i18n.t("field_error.mismatch").to_owned());
        }
        let all_checked = policies
            .iter()
            .all(|policy| self.values.accepted.contains(&policy.id.to_string()));
        if !all_checked {
            fields.add(
                "acceptedPolicyVersionIds",
                i18n.t("field_error.consent_missing").to_owned(),
            );
        }
        fields
    }

    /// The api body. Bank fields go together: one filled means the account is meant.
    pub(crate) fn request(&self) -> RegisterInfluencerRequest {
        let v = &self.values;
        let opt = |value: &str| Some(value.to_owned()).filter(|value| !value.is_empty());
        let bank_given = [&v.bank_holder, &v.bank_name, &v.bank_number]
            .iter()
            .any(|value| !value.is_empty());
        RegisterInfluencerRequest {
            first_name: v.first_name.clone(),
            last_name: v.last_name.clone(),
            document_type: v.document_type.clone(),
            document_number: v.document_number.clone(),
            email: v.email.clone(),
            phone: opt(&v.phone),
            city: opt(&v.city),
            department: opt(&v.department),
            address: opt(&v.address),
            country: opt(&v.country),
            social_links: v
                .social_links
                .iter()
                .filter(|link| !link.is_empty())
                .cloned()
                .collect(),
            password: self.password.clone(),
            tax_profile_code: opt(&v.tax_profile_code),
            bank_account: bank_given.then(|| BankAccountRequest {
                account_holder: v.bank_holder.clone(),
                bank_name: v.bank_name.clone(),
                account_type: v.bank_type.clone(),
                account_number: v.bank_number.clone(),
            }),
            accepted_policy_version_ids: v
                .accepted
                .iter()
                .filter_map(|id| id.parse().ok())
                .collect(),
            marketing_opt_in: v.marketing_opt_in,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_the_api_body_from_the_form() {
        let id = uuid::Uuid::new_v4();
        let form = FormData(
            [
                ("first_name", " Ana "),
                ("document_type", "CC"),
                ("social_links", "https://instagram.com/ana"),
                ("social_links", ""),
                ("password", " Clave Segura!2026 "),
                ("confirm_password", " Clave Segura!2026 "),
                ("bank_account_type", "ahorros"),
                ("accepted_policy_version_ids", &id.to_string()),
                ("marketing_opt_in", "on"),
            ]
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
        );
        let submitted = Submitted::read(&form);
        let body = submitted.request();
        assert_eq!(body.first_name, "Ana");
        assert_eq!(body.social_links, vec!["https://instagram.com/ana"]);
        assert_eq!(body.password.as_deref(), Some(" Clave Segura!2026 "));
        assert_eq!(
            body.bank_account, None,
            "an account type alone is no account"
        );
        assert_eq!(body.accepted_policy_version_ids, vec![id]);
        assert!(body.marketing_opt_in);
        assert_eq!(body.country.as_deref(), Some("CO"));
        assert_eq!(submitted.values.social_links.len(), SOCIAL_SLOTS);
    }
}
