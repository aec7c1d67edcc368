//! Monthly statements and withholding certificates over a seeded year (ADR 0050, issue 11 item
//! 7): every statement's closing balance equals the balance row when its month closed, its
//! movements are the ledger entries of the month (count and sum), the opening of each month is
//! the previous closing; the certificate's totals are the year's payments per brand and month; PDF
//! and CSV carry the same numbers; scoping, roles and bad input; the bulk command writes one PDF
//! and CSV per influencer paid and a summary.

use afiliados_api::TEST_PAYER_NIT;
use afiliados_api::statement_bulk::{BulkSpec, generate};
use afiliados_domain::Locale;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use rust_decimal::Decimal;
use serde_json::Value;
use uuid::Uuid;

use crate::catalogue::{influencer_login, marca_login};
use crate::orders_ingest::dec;
use crate::statement_fixture::{NOW, SeededYear, at, seeded_year};

const MONTHS: [&str; 7] = [
    "2025-12", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06",
];

fn statement_path(influencer: Uuid, brand: Uuid, month: &str, extra: &str) -> String {
    format!(
        "/api/v1/payments/statements?influencerId={influencer}&brandId={brand}&month={month}{extra}"
    )
}

fn money(value: &Value) -> Decimal {
    value.to_string().trim_matches('"').parse().unwrap()
}

/// (count, Σ amount) of the ledger entries of the balance posted in `[from, to)`.
async fn ledger_of_period(year: &SeededYear, brand: Uuid, month: &str) -> (i64, Decimal) {
    use afiliados_db::schema::ledger_entries as l;
    let first: chrono::NaiveDate = format!("{month}-01").parse().unwrap();
    let next = first.checked_add_months(chrono::Months::new(1)).unwrap();
    let from = afiliados_domain::business_day_start(first);
    let to = afiliados_domain::business_day_start(next);
    let mut conn = year.app.conn().await;
    let rows: Vec<Decimal> = l::table
        .filter(l::influencer_id.eq(year.isabela))
        .filter(l::brand_id.eq(brand))
        .filter(l::created_at.ge(from))
        .filter(l::created_at.lt(to))
        .select(l::amount)
        .load(&mut conn)
        .await
        .unwrap();
    (rows.len() as i64, rows.iter().copied().sum())
}

#[tokio::test]
async fn statements_close_on_the_balance_row_and_list_the_ledger_of_the_month() {
    let year = seeded_year().await;
    let (_, finance) = year.app.login_as("finance").await;
    for brand in [year.cetaphil, year.eucerin] {
        let mut previous_closing = Decimal::ZERO;
        for month in MONTHS {
            let response = year
                .app
                .get(&statement_path(year.isabela, brand, month, ""), &finance)
                .await;
            assert_eq!(response.status(), 200, "{month}");
            let body: Value = response.json().await.unwrap();
            let (buckets, available) = &year.closings[&(brand, month.to_owned())];
            // Closing = the balance row as the month closed, bucket by bucket.
            assert_eq!(money(&body["closingAvailable"]), *available, "{month}");
            let closing = &body["closingBuckets"];
            for (name, stored) in [
                ("estimated", buckets.estimated),
                ("confirmed", buckets.confirmed),
                ("reverted", buckets.reverted),
                ("pendingWithdrawal", buckets.pending_withdrawal),
                ("withdrawn", buckets.withdrawn),
                ("pendingAdjustments", buckets.pending_adjustments),
                ("available", *available),
            ] {
                assert_eq!(money(&closing[name]), stored, "{month} {name}");
            }
            // Opening of month N+1 = closing of month N.
            assert_eq!(
                money(&body["openingAvailable"]),
                previous_closing,
                "{month}"
            );
            previous_closing = money(&body["closingAvailable"]);
            // Movements = the ledger entries of the period: count and sum.
            let movements = body["movements"].as_array().unwrap();
            let (count, sum) = ledger_of_period(&year, brand, month).await;
            assert_eq!(movements.len() as i64, count, "{month}");
            let listed: Decimal = movements.iter().map(|m| money(&m["amount"])).sum();
            assert_eq!(listed, sum, "{month}");
            // Each effect is the step of available between consecutive entries.
            let mut running = money(&body["openingAvailable"]);
            for m in movements {
                running += money(&m["effectOnAvailable"]);
                assert_eq!(running, money(&m["availableAfter"]), "{month}");
            }
            assert_eq!(body["toDate"], month == "2026-06", "{month}");
        }
    }

    // March in Cetaphil: the order's commission carries its VTEX id, the withdrawal its payout
    // reference, and the reservation at 23:59:59 Bogotá on 31 March is March's.
    let march: Value = year
        .app
        .get(
            &statement_path(year.isabela, year.cetaphil, "2026-03", ""),
            &finance,
        )
        .await
        .json()
        .await
        .unwrap();
    let movements = march["movements"].as_array().unwrap();
    let types: Vec<&str> = movements
        .iter()
        .map(|m| m["entryType"].as_str().unwrap())
        .collect();
    assert_eq!(
        types,
        [
            "commission_estimated",
            "commission_confirmed",
            "withdrawal_reserved",
            "payment",
            "withdrawal_reserved"
        ]
    );
    assert_eq!(movements[0]["orderVtexId"], year.vtex_order_id.as_str());
    assert_eq!(
        movements[0]["reference"],
        format!("Pedido {}", year.vtex_order_id)
    );
    assert_eq!(movements[0]["entryTypeText"], "Comisión estimada");
    assert_eq!(money(&movements[0]["effectOnAvailable"]), dec("0"));
    assert_eq!(money(&movements[1]["effectOnAvailable"]), dec("20223.00"));
    assert!(movements[3]["paymentId"].is_string());
    let withdrawal = movements[2]["withdrawalId"].as_str().unwrap();
    assert_eq!(
        movements[2]["reference"],
        format!("Retiro AFI-{}", &withdrawal.replace('-', "")[20..])
    );
    assert_eq!(money(&march["openingAvailable"]), dec("65000.00"));
    assert_eq!(money(&march["closingAvailable"]), dec("50223.00"));
    let april: Value = year
        .app
        .get(
            &statement_path(year.isabela, year.cetaphil, "2026-04", "&locale=en"),
            &finance,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(april["movements"][0]["entryType"], "withdrawal_released");
    assert_eq!(
        april["movements"][0]["entryTypeText"],
        "Withdrawal rejected (released)"
    );
    assert_eq!(money(&april["closingAvailable"]), dec("55223.00"));

    // The running month is "to date": it ends now and its closing is the balance row now.
    let june: Value = year
        .app
        .get(
            &statement_path(year.isabela, year.eucerin, "2026-06", ""),
            &finance,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(june["toDate"], true);
    assert_eq!(june["periodEnd"].as_str().unwrap(), "2026-06-10T15:00:00Z");
    assert_eq!(june["movements"].as_array().unwrap().len(), 1);
    assert_eq!(
        year.app.audit_actions("statement.downloaded").await.len(),
        17
    );
}

/// The content streams of an uncompressed PDF, concatenated.
fn pdf_text(pdf: &[u8]) -> String {
    String::from_utf8_lossy(pdf).into_owned()
}

/// How a PDF writes a text with Latin-1 letters: a WinAnsi hex string.
fn winansi_hex(text: &str) -> String {
    let hex: String = text
        .chars()
        .map(|c| format!("{:02X}", u32::from(c)))
        .collect();
    format!("<{hex}>")
}

fn parse_csv(bytes: &[u8]) -> Vec<csv::StringRecord> {
    let text = std::str::from_utf8(bytes).unwrap();
    let text = text.strip_prefix('\u{feff}').expect("BOM");
    assert!(text.contains("\r\n"), "CRLF line ends");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    reader.records().map(|r| r.unwrap()).collect()
}

#[tokio::test]
async fn statement_pdf_and_csv_carry_the_same_numbers() {
    let year = seeded_year().await;
    let (_, auditor) = year.app.login_as("auditor").await;
    let path = statement_path(year.isabela, year.cetaphil, "2026-03", "&format=pdf");
    let response = year.app.get(&path, &auditor).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/pdf");
    let disposition = response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(disposition.contains("extracto-2026-03-"), "{disposition}");
    let pdf = response.bytes().await.unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let text = pdf_text(&pdf);
    assert!(text.contains("(Extracto mensual de comisiones)"));
    assert!(text.contains("($ 65.000,00)"), "opening");
    assert!(text.contains("($ 50.223,00)"), "closing");
    assert!(text.contains("(+$ 20.223,00)"), "the confirmation's effect");
    assert!(text.contains(&format!("(Pedido {})", year.vtex_order_id)));

    let english = year
        .app
        .get(&format!("{path}&locale=en"), &auditor)
        .await
        .bytes()
        .await
        .unwrap();
    let english = pdf_text(&english);
    assert!(english.contains("(Monthly commission statement)"));
    assert!(english.contains("($50,223.00)"));

    let csv = year
        .app
        .get(
            &statement_path(year.isabela, year.cetaphil, "2026-03", "&format=csv"),
            &auditor,
        )
        .await;
    assert_eq!(csv.status(), 200);
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(csv.headers().contains_key("x-content-sha256"));
    let rows = parse_csv(&csv.bytes().await.unwrap());
    assert_eq!(&rows[0][0], "fila");
    assert_eq!(
        rows.len(),
        1 + 1 + 5 + 1,
        "header, opening, 5 movements, closing"
    );
    assert_eq!(&rows[1][0], "opening");
    assert_eq!(&rows[1][8], "65000.00");
    assert_eq!(&rows[2][3], "commission_estimated");
    assert_eq!(&rows[2][9], year.vtex_order_id.as_str());
    let closing = rows.last().unwrap();
    assert_eq!(&closing[0], "closing");
    assert_eq!(&closing[8], "50223.00");
    let (buckets, _) = &year.closings[&(year.cetaphil, "2026-03".to_owned())];
    assert_eq!(closing[14].parse::<Decimal>().unwrap(), buckets.confirmed);
    assert_eq!(
        closing[16].parse::<Decimal>().unwrap(),
        buckets.pending_withdrawal
    );
}

#[tokio::test]
async fn statements_are_scoped_and_checked() {
    let year = seeded_year().await;
    let app = &year.app;
    let march = |influencer: Uuid, brand: Uuid| statement_path(influencer, brand, "2026-03", "");

    // The influencer reads its own; another influencer's id is replaced by its own, which has
    // no balance in the brand: 404.
    let email = format!("isabela.{}@influencer.co", Uuid::new_v4().simple());
    let user = app.create_user(&email, &["influencer"], &[]).await;
    crate::orders_ingest::exec(
        app,
        format!(
            "UPDATE influencers SET user_id = '{user}' WHERE id = '{}'",
            year.isabela
        ),
    )
    .await;
    let isabela = app.login(&email).await["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let own = format!(
        "/api/v1/payments/statements?brandId={}&month=2026-03",
        year.cetaphil
    );
    assert_eq!(app.get(&own, &isabela).await.status(), 200);
    let (other_id, other) = influencer_login(app, "Otra").await;
    assert_eq!(
        app.get(&march(year.isabela, year.cetaphil), &other)
            .await
            .status(),
        404
    );
    let _ = other_id;

    // admin_marca: its brand yes, another brand 404.
    let (_, marca) = marca_login(app, &[year.cetaphil]).await;
    assert_eq!(
        app.get(&march(year.isabela, year.cetaphil), &marca)
            .await
            .status(),
        200
    );
    assert_eq!(
        app.get(&march(year.isabela, year.eucerin), &marca)
            .await
            .status(),
        404
    );
    // gestor: not a ledger reader.
    let (_, gestor) = app.login_as("gestor_afiliados").await;
    let refused = app.get(&march(year.isabela, year.cetaphil), &gestor).await;
    assert_eq!(refused.status(), 403);
    // Unknown influencer or brand: 404.
    let (_, admin) = app.login_as("admin_dentsu").await;
    assert_eq!(
        app.get(&march(Uuid::new_v4(), year.cetaphil), &admin)
            .await
            .status(),
        404
    );
    assert_eq!(
        app.get(&march(year.isabela, Uuid::new_v4()), &admin)
            .await
            .status(),
        404
    );

    // Bad input: the 422 envelope with the field's code.
    for (query, field, code) in [
        ("&month=2026-3", "month", "invalid_format"),
        ("&month=2026-13", "month", "invalid_format"),
        ("&month=2026-07", "month", "in_future"),
        ("", "month", "required"),
    ] {
        let path = format!(
            "/api/v1/payments/statements?influencerId={}&brandId={}{query}",
            year.isabela, year.cetaphil
        );
        let response = app.get(&path, &admin).await;
        assert_eq!(response.status(), 422, "{query}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"], "validation_failed");
        assert_eq!(body["details"][0]["field"], field, "{query}");
        assert_eq!(body["details"][0]["code"], code, "{query}");
    }
    let path = format!(
        "/api/v1/payments/statements?brandId={}&month=2026-03",
        year.cetaphil
    );
    let body: Value = app.get(&path, &admin).await.json().await.unwrap();
    assert_eq!(body["details"][0]["field"], "influencerId");
    let unknown_format = format!("{}&format=docx", march(year.isabela, year.cetaphil));
    assert_eq!(app.get(&unknown_format, &admin).await.status(), 400);
}

/// Σ over the year's payment rows: (gross, withheld, net, count).
async fn payments_of(year: &SeededYear, from: &str, to: &str) -> (Decimal, Decimal, Decimal, i64) {
    use afiliados_db::schema::payments as p;
    let mut conn = year.app.conn().await;
    let rows: Vec<(Decimal, Decimal, Decimal)> = p::table
        .filter(p::influencer_id.eq(year.isabela))
        .filter(p::payment_date.ge(from.parse::<chrono::NaiveDate>().unwrap()))
        .filter(p::payment_date.lt(to.parse::<chrono::NaiveDate>().unwrap()))
        .select((p::gross_amount, p::tax_withheld, p::net_amount))
        .load(&mut conn)
        .await
        .unwrap();
    (
        rows.iter().map(|r| r.0).sum(),
        rows.iter().map(|r| r.1).sum(),
        rows.iter().map(|r| r.2).sum(),
        rows.len() as i64,
    )
}

#[tokio::test]
async fn the_withholding_certificate_totals_the_payments_of_the_year() {
    let year = seeded_year().await;
    let app = &year.app;
    let (_, finance) = app.login_as("finance").await;
    let path = |y: &str, extra: &str| {
        format!(
            "/api/v1/payments/withholding-certificates/{y}?influencerId={}{extra}",
            year.isabela
        )
    };
    let response = app.get(&path("2026", ""), &finance).await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    let (gross, withheld, net, count) = payments_of(&year, "2026-01-01", "2027-01-01").await;
    assert_eq!(money(&body["totals"]["gross"]), gross);
    assert_eq!(money(&body["totals"]["withheld"]), withheld);
    assert_eq!(money(&body["totals"]["net"]), net);
    assert_eq!(body["totals"]["payments"], count);
    assert_eq!(money(&body["totals"]["gross"]), dec("1504567.89"));
    assert_eq!(money(&body["totals"]["withheld"]), dec("160202.47"));
    assert_eq!(money(&body["totals"]["net"]), dec("1344365.42"));
    assert_eq!(body["toDate"], true);
    assert_eq!(body["payer"]["nit"], TEST_PAYER_NIT);
    assert_eq!(body["payee"]["documentNumber"], "1020304050");
    assert_eq!(body["payee"]["documentType"], "CC");
    // Per brand, month and rate: April in Eucerin has two rates, so two lines.
    let lines: Vec<(String, u64, String, Decimal, Decimal, Decimal)> = body["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["brandName"].as_str().unwrap().to_owned(),
                l["month"].as_u64().unwrap(),
                l["withholdingRate"].to_string(),
                money(&l["gross"]),
                money(&l["withheld"]),
                money(&l["net"]),
            )
        })
        .collect();
    assert_eq!(
        lines,
        vec![
            (
                "cetaphil".into(),
                2,
                "11.00".into(),
                dec("40000.00"),
                dec("4400.00"),
                dec("35600.00")
            ),
            (
                "cetaphil".into(),
                3,
                "0.00".into(),
                dec("30000.00"),
                dec("0.00"),
                dec("30000.00")
            ),
            (
                "eucerin".into(),
                4,
                "10.00".into(),
                dec("200000.00"),
                dec("20000.00"),
                dec("180000.00")
            ),
            (
                "eucerin".into(),
                4,
                "11.00".into(),
                dec("1234567.89"),
                dec("135802.47"),
                dec("1098765.42")
            ),
        ]
    );
    let brands = body["brands"].as_array().unwrap();
    assert_eq!(money(&brands[1]["totals"]["withheld"]), dec("155802.47"));

    // The previous year holds only December's payment; a year without payments is zeros.
    let previous: Value = app
        .get(&path("2025", ""), &finance)
        .await
        .json()
        .await
        .unwrap();
    let (gross_2025, ..) = payments_of(&year, "2025-01-01", "2026-01-01").await;
    assert_eq!(money(&previous["totals"]["gross"]), gross_2025);
    assert_eq!(money(&previous["totals"]["gross"]), dec("10000.00"));
    assert_eq!(previous["toDate"], false);
    let empty: Value = app
        .get(&path("2024", ""), &finance)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(money(&empty["totals"]["gross"]), dec("0"));
    assert!(empty["lines"].as_array().unwrap().is_empty());

    // PDF and CSV.
    let pdf = app.get(&path("2026", "&format=pdf"), &finance).await;
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    let text = pdf_text(&pdf.bytes().await.unwrap());
    assert!(text.contains(&winansi_hex("Certificado de retención en la fuente")));
    assert!(text.contains("($ 135.802,47)"));
    assert!(text.contains("($ 1.234.567,89)"));
    assert!(text.contains("($ 160.202,47)"), "withheld in the year");
    assert!(text.contains("(11,00 %)"));
    assert!(text.contains(&format!("({TEST_PAYER_NIT})")));
    let english = app
        .get(&path("2026", "&format=pdf&locale=en"), &finance)
        .await;
    let english = pdf_text(&english.bytes().await.unwrap());
    assert!(english.contains("(Certificate of withholding tax at source)"));
    assert!(english.contains("($1,344,365.42)"));
    let csv = app
        .get(&path("2026", "&format=csv&locale=en"), &finance)
        .await;
    let rows = parse_csv(&csv.bytes().await.unwrap());
    assert_eq!(&rows[0][0], "row");
    let line_rows: Vec<_> = rows.iter().filter(|r| &r[0] == "line").collect();
    assert_eq!(line_rows.len(), 4);
    let withheld_in_lines: Decimal = line_rows
        .iter()
        .map(|r| r[6].parse::<Decimal>().unwrap())
        .sum();
    assert_eq!(withheld_in_lines, withheld);
    let total = rows.iter().find(|r| &r[0] == "year_total").unwrap();
    assert_eq!(&total[5], "1504567.89");
    assert_eq!(&total[6], "160202.47");
    assert_eq!(&total[7], "1344365.42");
    assert_eq!(&total[12], TEST_PAYER_NIT);
    assert_eq!(
        app.audit_actions("withholding_certificate.downloaded")
            .await
            .len(),
        6
    );
}

#[tokio::test]
async fn withholding_certificates_are_scoped_and_checked() {
    let year = seeded_year().await;
    let app = &year.app;
    let (_, admin) = app.login_as("admin_dentsu").await;
    let path = |y: &str| {
        format!(
            "/api/v1/payments/withholding-certificates/{y}?influencerId={}",
            year.isabela
        )
    };
    for (raw, code) in [
        ("2027", "in_future"),
        ("20x6", "invalid_format"),
        ("1999", "out_of_range"),
    ] {
        let response = app.get(&path(raw), &admin).await;
        assert_eq!(response.status(), 422, "{raw}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["details"][0]["field"], "year");
        assert_eq!(body["details"][0]["code"], code, "{raw}");
    }
    // Payments are AD/FI/IN (own) reads: admin_marca, gestor and auditor are refused.
    let (_, marca) = marca_login(app, &[year.cetaphil]).await;
    for token in [
        marca,
        app.login_as("gestor_afiliados").await.1,
        app.login_as("auditor").await.1,
    ] {
        assert_eq!(app.get(&path("2026"), &token).await.status(), 403);
    }
    // Another influencer asking for Isabela's gets its own (empty) certificate, never hers.
    let (other_id, other) = influencer_login(app, "Otra").await;
    let body: Value = app.get(&path("2026"), &other).await.json().await.unwrap();
    assert_eq!(body["payee"]["influencerId"], other_id.to_string());
    assert_eq!(money(&body["totals"]["gross"]), dec("0"));
    assert_eq!(
        app.get(
            &format!(
                "/api/v1/payments/withholding-certificates/2026?influencerId={}",
                Uuid::new_v4()
            ),
            &admin
        )
        .await
        .status(),
        404
    );
    let missing = app
        .get("/api/v1/payments/withholding-certificates/2026", &admin)
        .await;
    assert_eq!(missing.status(), 422);
}

#[tokio::test]
async fn the_bulk_command_writes_every_certificate_of_the_year() {
    let year = seeded_year().await;
    let out = std::env::temp_dir().join(format!("retenciones-{}", Uuid::new_v4().simple()));
    let spec = afiliados_api::cli::parse(
        &["certificates", "withholding", "--year", "2026", "--out"]
            .iter()
            .map(|s| (*s).to_owned())
            .chain([out.display().to_string()])
            .collect::<Vec<_>>(),
    )
    .unwrap();
    let afiliados_api::cli::Command::WithholdingCertificates(spec) = spec else {
        panic!("not the withholding certificates command");
    };
    assert_eq!(
        spec,
        BulkSpec {
            year: "2026".into(),
            out: out.clone(),
            locale: Locale::Es
        }
    );
    let mut conn = year.app.conn().await;
    let mut seen = Vec::new();
    let report = generate(
        &mut conn,
        year.app.state.tenant_id,
        &year.app.state.settings.payer,
        at(NOW),
        &spec,
        |done, total, id| seen.push((done, total, id)),
    )
    .await
    .unwrap();
    assert_eq!(report.certificates, 1);
    assert_eq!(seen, vec![(1, 1, year.isabela)]);
    let stem = out.join(format!("retencion-2026-{}", year.isabela));
    let pdf = std::fs::read(stem.with_extension("pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(pdf_text(&pdf).contains("($ 160.202,47)"));
    let csv = std::fs::read(stem.with_extension("csv")).unwrap();
    let rows = parse_csv(&csv);
    assert_eq!(&rows.last().unwrap()[0], "year_total");
    let summary = parse_csv(&std::fs::read(&report.summary).unwrap());
    assert_eq!(summary.len(), 2);
    assert_eq!(&summary[1][0], year.isabela.to_string().as_str());
    assert_eq!(&summary[1][5], "1504567.89");
    assert_eq!(&summary[1][6], "160202.47");
    assert_eq!(&summary[1][7], "1344365.42");
    assert_eq!(
        year.app
            .audit_actions("withholding_certificate.generated")
            .await
            .len(),
        1
    );
    // A year to come is refused before anything is written.
    let future = BulkSpec {
        year: "2027".into(),
        ..spec
    };
    assert!(
        generate(
            &mut conn,
            year.app.state.tenant_id,
            &year.app.state.settings.payer,
            at(NOW),
            &future,
            |_, _, _| {}
        )
        .await
        .is_err()
    );
    std::fs::remove_dir_all(&out).unwrap();
}
