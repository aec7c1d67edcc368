//! The landing page of the finance area (`domain.md` §1): a heading naming the area, who is
//! signed in, and links to the pages the roles can use. Another role's area is a 403 page. The
//! admin area opens on the admin dashboard (`pages::admin_dashboard`, with the same links), the
//! gestor area on its approval queue and the influencer area on its panel (`pages::gestor`,
//! `pages::influencer`).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_domain::Role;
use askama::Template;
use askama_web::WebTemplate;

use crate::context::Ctx;
use crate::error::WebError;
use crate::i18n::I18n;
use crate::layout::{Layout, render};
use crate::session::SessionUser;

/// One role area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(
    not(test),
    expect(
        dead_code,
        reason = "the gestor and influencer areas have their own pages; the test maps every landing path"
    )
)]
pub(crate) enum Area {
    Admin,
    Finance,
    Gestor,
    Influencer,
}

impl Area {
    /// The roles allowed in the area.
    pub(crate) fn roles(self) -> &'static [Role] {
        match self {
            Area::Admin => &[Role::AdminDentsu, Role::Auditor],
            Area::Finance => &[Role::Finance],
            Area::Gestor => &[Role::AdminDentsu, Role::GestorAfiliados, Role::AdminMarca],
            Area::Influencer => &[Role::Influencer],
        }
    }

    fn title_key(self) -> &'static str {
        match self {
            Area::Admin => "landing.admin.title",
            Area::Finance => "landing.finance.title",
            Area::Gestor => "landing.gestor.title",
            Area::Influencer => "landing.influencer.title",
        }
    }
}

/// A link on the landing page.
pub(crate) struct Link {
    pub(crate) href: &'static str,
    pub(crate) label: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/landing/landing.html")]
pub(crate) struct LandingPage {
    l: Layout,
    title: String,
    links: Vec<Link>,
}

pub(crate) fn routes(cfg: &mut web::ServiceConfig) {
    // The admin area opens on the admin dashboard (`domain.md` §1, §6.4).
    cfg.route(
        "/admin",
        web::get().to(crate::pages::admin_dashboard::show_admin_dashboard),
    )
    .route("/finance", web::get().to(show_finance));
}

/// The links of a landing page: the pages the user's roles may open, then the account pages.
pub(crate) fn area_links(i18n: I18n, user: &SessionUser) -> Vec<Link> {
    let t = |key: &str| i18n.t(key).to_owned();
    let mut links: Vec<Link> = crate::nav::links(&user.roles)
        .into_iter()
        .map(|link| Link {
            href: link.href,
            label: t(link.key),
        })
        .collect();
    links.push(Link {
        href: "/cuenta/clave",
        label: t("nav.password"),
    });
    links.push(Link {
        href: "/cuenta/2fa",
        label: t("nav.two_factor"),
    });
    links
}

async fn show_area(ctx: Ctx, area: Area) -> Result<HttpResponse, WebError> {
    let user = ctx.require(area.roles())?;
    let page = LandingPage {
        title: ctx.i18n.t(area.title_key()).to_owned(),
        links: area_links(ctx.i18n, &user),
        l: ctx.layout().await?,
    };
    render(&page, StatusCode::OK)
}

/// `GET /finance` (finance).
pub(crate) async fn show_finance(ctx: Ctx) -> Result<HttpResponse, WebError> {
    show_area(ctx, Area::Finance).await
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The landing path of every role set must be an area those roles may open.
    #[test]
    fn landing_path_opens_an_allowed_area() {
        let area_of = |path: &str| match path {
            "/admin" => Area::Admin,
            "/finance" => Area::Finance,
            "/gestor" => Area::Gestor,
            _ => Area::Influencer,
        };
        for role in Role::ALL {
            let path = Role::landing_path(&[role]);
            assert!(
                area_of(path).roles().contains(&role),
                "{role} lands on {path}"
            );
        }
        assert_eq!(Role::landing_path(&[Role::AdminDentsu]), "/admin");
        assert_eq!(Role::landing_path(&[Role::Auditor]), "/admin");
        assert_eq!(Role::landing_path(&[Role::Finance]), "/finance");
        assert_eq!(Role::landing_path(&[Role::GestorAfiliados]), "/gestor");
        assert_eq!(Role::landing_path(&[Role::AdminMarca]), "/gestor");
        assert_eq!(Role::landing_path(&[Role::Influencer]), "/influencer");
        assert_eq!(
            Role::landing_path(&[Role::Influencer, Role::Finance]),
            "/finance"
        );
    }
}
