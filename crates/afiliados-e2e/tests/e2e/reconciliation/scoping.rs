//! Who is told what and who may do what (`domain.md` §2.2, §5.16.3, ADR 0057): after a run with
//! discrepancies of two brands and one without a brand, every GA and FI gets the
//! `reconciliation_summary` e-mail (through the real SMTP sink) with every row, and the
//! admin_marca of one brand gets it — and the in-app notice — with only that brand's row; that
//! admin_marca reaches none of the reconciliation endpoints. The auditor reads runs, reports and
//! discrepancies but cannot run, record, reprocess or accept.

use serde_json::{Value, json};

use crate::coupon_sync::stack::TestResult;
use crate::stack::wait_for_mail_with_subject;

use super::stack::{DAY, Options, Order, ReconStack, WAIT};

const OURS: &str = "1432120511111-01";
const THEIRS: &str = "1432120522222-01";
const NO_BRAND: &str = "1432120577777-01";

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_brand_admin_is_told_only_its_rows_and_the_auditor_only_reads() -> TestResult {
    let stack = ReconStack::start(Options::default()).await?;
    let (ours, our_ids) = stack.code_world("alcance", "2000050").await?;
    let (theirs, _) = stack.code_world("ajena", "2000060").await?;
    let finance = stack.staff("finance", &[]).await?;
    let gestor = stack.staff("gestor_afiliados", &[]).await?;
    let auditor = stack.staff("auditor", &[]).await?;
    let marca = stack.staff("admin_marca", &[our_ids.brand_id]).await?;

    // Attributed to each brand, paid, then canceled in VTEX without a hook: one B per brand.
    for (id, code, brand) in [
        (OURS, &ours.code, "2000050"),
        (THEIRS, &theirs.code, "2000060"),
    ] {
        let order = Order::new(id, 10_000_000).coupon(code).brand(brand);
        let stored = stack.place(&finance, &order).await?;
        assert_eq!(stored["attributed"], true, "{stored}");
        stack.transition_silently(id, "canceled").await?;
    }
    // And a D, of no brand.
    stack
        .place(
            &finance,
            &Order::new(NO_BRAND, 15_000_000).coupon("CETAPHIL-ISABELA7KQ3"),
        )
        .await?;

    let run = stack.run_day(&finance).await?;
    let run = stack.run_over(&finance, &run).await?;
    assert_eq!(run["counts"]["B"], 2, "{run}");
    assert_eq!(run["counts"]["D"], 1, "{run}");
    let run_id = run["id"].as_str().ok_or("run id")?.to_owned();

    // The full summary to finance and the gestor; the brand's rows only to its admin.
    for everyone in [&finance, &gestor] {
        let mail =
            wait_for_mail_with_subject(&everyone.email, "Conciliación VTEX", WAIT.as_secs()).await;
        let text = mail["text"].as_str().unwrap_or_default();
        for id in [OURS, THEIRS, NO_BRAND] {
            assert!(text.contains(id), "{} misses {id}: {text}", everyone.email);
        }
    }
    let mail = wait_for_mail_with_subject(&marca.email, "Conciliación VTEX", WAIT.as_secs()).await;
    let subject = mail["subject"].as_str().unwrap_or_default();
    assert!(subject.contains(&ours.brand_slug), "{subject}");
    let text = mail["text"].as_str().unwrap_or_default();
    assert!(text.contains(OURS), "{text}");
    assert!(!text.contains(THEIRS) && !text.contains(NO_BRAND), "{text}");
    let notices = stack.read(&marca, "/notifications?pageSize=100").await?;
    let finished: Vec<&Value> = notices["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter(|n| n["type"] == "reconciliation.finished")
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(finished.len(), 1, "{notices}");
    assert_eq!(
        finished[0]["payload"]["brandId"],
        our_ids.brand_id.to_string()
    );
    assert_eq!(finished[0]["payload"]["discrepanciesFound"], 1, "{notices}");
    assert_eq!(finished[0]["payload"]["runId"], run_id.as_str());

    let discrepancies = stack.discrepancies(&finance, &run).await?;
    let d = discrepancies
        .iter()
        .find(|row| row["class"] == "D")
        .and_then(|row| row["id"].as_str())
        .ok_or("the D")?
        .to_owned();
    let reads = [
        "/vtex/reconciliations".to_owned(),
        format!("/vtex/reconciliations/{run_id}"),
        format!("/vtex/reconciliations/{run_id}/discrepancies"),
        format!("/vtex/reconciliations/{run_id}/report.json"),
        format!("/vtex/reconciliations/{run_id}/report.csv"),
        "/vtex/reconciliations/discrepancies".to_owned(),
    ];
    for path in &reads {
        let (status, _) = stack.get(&auditor, path).await?;
        assert_eq!(status, 200, "the auditor reads {path}");
        let (status, body) = stack.get(&marca, path).await?;
        assert_eq!(
            (status, body["error"].as_str()),
            (403, Some("forbidden")),
            "AM {path}"
        );
    }
    let acts = [
        ("/vtex/reconciliations/run".to_owned(), json!({"date": DAY})),
        (
            "/vtex/reconciliations".to_owned(),
            json!({"runDate": DAY, "type": "daily", "discrepanciesFound": 0}),
        ),
        (
            format!("/vtex/reconciliations/discrepancies/{d}/reprocess"),
            json!({}),
        ),
        (
            format!("/vtex/reconciliations/discrepancies/{d}/accept"),
            json!({"justification": "El auditor no puede aceptar discrepancias"}),
        ),
    ];
    for who in [&auditor, &marca] {
        for (path, body) in &acts {
            let (status, answer) = stack.post(who, path, body.clone()).await?;
            assert_eq!(
                (status, answer["error"].as_str()),
                (403, Some("forbidden")),
                "{} POST {path}",
                who.email
            );
        }
    }
    // Nothing the refused acts asked for happened.
    let still = stack
        .read(
            &finance,
            &format!("/vtex/reconciliations/{run_id}/discrepancies?class=D"),
        )
        .await?;
    assert_eq!(still["items"][0]["status"], "open", "{still}");
    let runs = stack.read(&finance, "/vtex/reconciliations").await?;
    assert_eq!(runs["total"], 1, "{runs}");
    stack.stop().await
}
