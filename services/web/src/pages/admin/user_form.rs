//! The fields shared by the create and edit forms of a user: role checkboxes (`role_<name>`),
//! brand ids (comma separated) and the locale.

use std::collections::HashMap;

use afiliados_domain::Role;
use uuid::Uuid;

use crate::i18n::I18n;

/// One role checkbox.
pub(crate) struct RoleOption {
    pub(crate) name: &'static str,
    pub(crate) label: String,
    pub(crate) checked: bool,
}

/// What the form shows (the user's input, kept on a failed submit).
pub(crate) struct UserFormValues {
    pub(crate) email: String,
    pub(crate) first_name: String,
    pub(crate) last_name: String,
    pub(crate) locale: String,
    pub(crate) brand_ids: String,
    pub(crate) roles: Vec<RoleOption>,
}

/// Staff roles; influencers come from registration, never from this form.
const STAFF: [Role; 5] = [
    Role::AdminDentsu,
    Role::AdminMarca,
    Role::GestorAfiliados,
    Role::Finance,
    Role::Auditor,
];

impl UserFormValues {
    pub(crate) fn new(i18n: I18n, selected: &[Role]) -> UserFormValues {
        UserFormValues {
            email: String::new(),
            first_name: String::new(),
            last_name: String::new(),
            locale: "es".to_owned(),
            brand_ids: String::new(),
            roles: role_options(i18n, selected),
        }
    }

    /// Reads the submitted form.
    pub(crate) fn from_form(i18n: I18n, form: &HashMap<String, String>) -> UserFormValues {
        let field = |name: &str| {
            form.get(name)
                .map(|value| value.trim().to_owned())
                .unwrap_or_default()
        };
        UserFormValues {
            email: field("email"),
            first_name: field("first_name"),
            last_name: field("last_name"),
            locale: if field("locale") == "en" {
                "en".to_owned()
            } else {
                "es".to_owned()
            },
            brand_ids: field("brand_ids"),
            roles: role_options(i18n, &selected_roles(form)),
        }
    }

    pub(crate) fn selected(&self) -> Vec<Role> {
        self.roles
            .iter()
            .filter(|option| option.checked)
            .filter_map(|option| Role::parse(option.name))
            .collect()
    }

    /// The brand ids, or `None` when one of them is not a UUID.
    pub(crate) fn parsed_brand_ids(&self) -> Option<Vec<Uuid>> {
        self.brand_ids
            .split([',', ' ', '\n'])
            .map(str::trim)
            .filter(|part| !part.is_empty())
            .map(|part| Uuid::parse_str(part).ok())
            .collect()
    }
}

fn selected_roles(form: &HashMap<String, String>) -> Vec<Role> {
    STAFF
        .into_iter()
        .filter(|role| form.contains_key(&format!("role_{}", role.as_str())))
        .collect()
}

fn role_options(i18n: I18n, selected: &[Role]) -> Vec<RoleOption> {
    STAFF
        .into_iter()
        .map(|role| RoleOption {
            name: role.as_str(),
            label: i18n.t(&format!("role.{}", role.as_str())).to_owned(),
            checked: selected.contains(&role),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use afiliados_domain::Locale;

    use super::*;

    #[test]
    fn reads_roles_and_brands() {
        let brand = Uuid::new_v4();
        let form: HashMap<String, String> = [
            ("email", " ana@example.com "),
            ("role_admin_marca", "on"),
            ("role_influencer", "on"),
            ("brand_ids", &format!("{brand}, ")),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        let values = UserFormValues::from_form(I18n::new(Locale::Es), &form);
        assert_eq!(values.email, "ana@example.com");
        assert_eq!(values.selected(), vec![Role::AdminMarca]);
        assert_eq!(values.parsed_brand_ids(), Some(vec![brand]));
        let bad = UserFormValues {
            brand_ids: "nope".into(),
            ..values
        };
        assert_eq!(bad.parsed_brand_ids(), None);
    }
}
