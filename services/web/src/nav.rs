//! The navigation of each role: the header's area bar and the landing pages list only pages the
//! user's roles may open (`domain.md` §2.2), so nobody is offered a link that answers 403. The
//! notifications bell, open to every role, sits in the header instead (`base.html`).

use afiliados_domain::Role;
use afiliados_domain::Role::{AdminDentsu as AD, AdminMarca as AM, Auditor as AU, Finance as FI};
use afiliados_domain::Role::{GestorAfiliados as GA, Influencer as IN};

/// One entry of the area bar.
#[derive(Debug)]
pub(crate) struct NavLink {
    /// Where it goes.
    pub(crate) href: &'static str,
    /// Catalogue key of its label.
    pub(crate) key: &'static str,
    /// Stable element id for browser tests.
    pub(crate) id: &'static str,
    roles: &'static [Role],
}

const LINKS: &[NavLink] = &[
    link("/influencer/perfil", "nav.profile", "nav-profile", &[IN]),
    link("/influencer/codigos", "nav.my_codes", "nav-my-codes", &[IN]),
    link(
        "/influencer/documentos",
        "nav.documents",
        "nav-documents",
        &[IN],
    ),
    link(
        "/influencer/consentimientos",
        "nav.consents",
        "nav-consents",
        &[IN],
    ),
    link("/influencer/arco", "nav.arco", "nav-arco", &[IN]),
    link("/influencer/billetera", "nav.wallet", "nav-wallet", &[IN]),
    link("/gestor", "nav.approvals", "nav-approvals", &[AD, GA, AM]),
    link(
        "/gestor/influencers",
        "nav.influencers",
        "nav-influencers",
        &[AD, GA, AM],
    ),
    link(
        "/gestor/campanas",
        "nav.campaigns",
        "nav-campaigns",
        &[AD, GA, AM],
    ),
    link("/gestor/codigos", "nav.codes", "nav-codes", &[AD, GA, AM]),
    link(
        "/gestor/marcas",
        "nav.brands",
        "nav-brands",
        &[AD, GA, AM, FI],
    ),
    link(
        "/gestor/arco",
        "nav.arco_queue",
        "nav-arco-queue",
        &[AD, GA, AU],
    ),
    link(
        "/pedidos",
        "nav.orders",
        "nav-orders",
        &[IN, AD, GA, FI, AM],
    ),
    link(
        "/comisiones",
        "nav.commissions",
        "nav-commissions",
        &[IN, AD, FI, AM],
    ),
    link(
        "/libro-mayor",
        "nav.ledger",
        "nav-ledger",
        &[IN, AD, FI, AM],
    ),
    link(
        "/liquidaciones",
        "nav.settlements",
        "nav-settlements",
        &[AD, FI],
    ),
    link("/webhooks", "nav.deliveries", "nav-deliveries", &[AD, FI]),
    link(
        "/finanzas/tablero",
        "nav.finance_dashboard",
        "nav-finance-dashboard",
        &[AD, FI],
    ),
    link(
        "/retiros",
        "nav.withdrawals",
        "nav-withdrawals",
        &[AD, GA, FI, AM],
    ),
    link("/pagos", "nav.payments", "nav-payments", &[AD, FI]),
    link("/lotes", "nav.batches", "nav-batches", &[AD, FI]),
    link(
        "/ajustes",
        "nav.adjustments",
        "nav-adjustments",
        &[AD, GA, FI, AM],
    ),
    link("/admin/usuarios", "nav.users", "nav-users", &[AD]),
    link(
        "/admin/politicas",
        "nav.policies",
        "nav-policies",
        &[AD, GA, AU],
    ),
    link(
        "/admin/certificados/verificar",
        "nav.verify_certificate",
        "nav-verify-certificate",
        &[AD, GA, AU],
    ),
    link(
        "/admin/perfiles-tributarios",
        "nav.tax_profiles",
        "nav-tax-profiles",
        &[AD, FI],
    ),
    link("/admin/auditoria", "nav.audit", "nav-audit", &[AD, AU]),
    link("/admin/correos", "nav.emails", "nav-emails", &[AD, AU]),
    // Every role may be asked a survey; the page lists the pending ones (ADR 0060).
    link(
        "/encuestas",
        "nav.surveys",
        "nav-surveys",
        &[AD, AM, GA, FI, AU, IN],
    ),
    // The roles of `GET /status` (ADR 0059, ADR 0068).
    link("/estado", "nav.status", "nav-status", &[AD, AU, FI]),
    // Reconciliation: AD, GA, FI and AU read (the auditor without buttons); never admin_marca
    // (ADR 0057). The alert queue is the operators' (AD, GA).
    link(
        "/conciliaciones",
        "nav.reconciliation",
        "nav-reconciliation",
        &[AD, GA, FI, AU],
    ),
    link("/alertas", "nav.alerts", "nav-alerts", &[AD, GA]),
];

const fn link(
    href: &'static str,
    key: &'static str,
    id: &'static str,
    roles: &'static [Role],
) -> NavLink {
    NavLink {
        href,
        key,
        id,
        roles,
    }
}

/// The entries any of `roles` may open, in menu order.
pub(crate) fn links(roles: &[Role]) -> Vec<&'static NavLink> {
    LINKS
        .iter()
        .filter(|link| link.roles.iter().any(|role| roles.contains(role)))
        .collect()
}

#[cfg(test)]
mod tests {
    use afiliados_domain::Locale;

    use super::*;
    use crate::i18n::I18n;

    #[test]
    fn every_label_exists_and_roles_see_their_own_areas() {
        for locale in [Locale::Es, Locale::En] {
            for link in LINKS {
                assert!(
                    I18n::new(locale).has(link.key),
                    "{locale:?} lacks {}",
                    link.key
                );
            }
        }
        let hrefs = |roles: &[Role]| links(roles).iter().map(|l| l.href).collect::<Vec<_>>();
        // The money pages are shared by staff and influencers (the api scopes them; ADR 0040).
        let shared = ["/pedidos", "/comisiones", "/libro-mayor", "/encuestas"];
        assert!(
            hrefs(&[IN])
                .iter()
                .all(|href| href.starts_with("/influencer") || shared.contains(href))
        );
        assert!(!hrefs(&[IN]).contains(&"/liquidaciones"));
        // Money out: the influencer's wallet lists its own withdrawals and payments; batches and
        // payments are Finance's; the gestor and the brand admin read withdrawals and debts.
        assert!(hrefs(&[IN]).contains(&"/influencer/billetera"));
        assert!(!hrefs(&[IN]).contains(&"/lotes") && !hrefs(&[IN]).contains(&"/retiros"));
        assert!(!hrefs(&[GA]).contains(&"/pagos") && !hrefs(&[AM]).contains(&"/lotes"));
        assert!(hrefs(&[AM]).contains(&"/retiros") && hrefs(&[GA]).contains(&"/ajustes"));
        assert!(
            !hrefs(&[AU]).contains(&"/retiros") && !hrefs(&[AU]).contains(&"/finanzas/tablero")
        );
        assert!(!hrefs(&[GA]).contains(&"/comisiones"));
        assert!(!hrefs(&[AM]).contains(&"/webhooks"));
        assert!(!hrefs(&[AM]).contains(&"/conciliaciones") && !hrefs(&[AM]).contains(&"/alertas"));
        assert!(hrefs(&[GA]).contains(&"/alertas") && !hrefs(&[FI]).contains(&"/alertas"));
        assert!(!hrefs(&[AM]).contains(&"/admin/usuarios"));
        assert!(hrefs(&[AM]).contains(&"/gestor/campanas"));
        assert_eq!(
            hrefs(&[FI]),
            vec![
                "/gestor/marcas",
                "/pedidos",
                "/comisiones",
                "/libro-mayor",
                "/liquidaciones",
                "/webhooks",
                "/finanzas/tablero",
                "/retiros",
                "/pagos",
                "/lotes",
                "/ajustes",
                "/admin/perfiles-tributarios",
                "/encuestas",
                "/estado",
                "/conciliaciones"
            ]
        );
        assert_eq!(
            hrefs(&[AU]),
            vec![
                "/gestor/arco",
                "/admin/politicas",
                "/admin/certificados/verificar",
                "/admin/auditoria",
                "/admin/correos",
                "/encuestas",
                "/estado",
                "/conciliaciones"
            ]
        );
        assert!(hrefs(&[GA]).contains(&"/gestor/arco"));
        assert!(!hrefs(&[AM]).contains(&"/gestor/arco"));
        assert!(!hrefs(&[IN]).contains(&"/admin/certificados/verificar"));
        assert!(hrefs(&[AD]).len() > 8);
        assert!(!hrefs(&[GA]).contains(&"/estado") && !hrefs(&[IN]).contains(&"/estado"));
    }
}
