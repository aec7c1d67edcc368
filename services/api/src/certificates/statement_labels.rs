//! The words of the statement and withholding certificate PDFs, in Spanish (default) and English.

use afiliados_domain::Locale;

/// Every label the two PDFs print.
#[derive(Debug)]
pub struct StatementLabels {
    /// Statement title.
    pub statement_title: &'static str,
    /// Field.
    pub influencer: &'static str,
    /// Field.
    pub brand: &'static str,
    /// Field.
    pub period: &'static str,
    /// The running month's note.
    pub to_date: &'static str,
    /// Field.
    pub generated: &'static str,
    /// Field.
    pub currency: &'static str,
    /// Section.
    pub summary: &'static str,
    /// Field.
    pub opening: &'static str,
    /// Field.
    pub movement_count: &'static str,
    /// Field.
    pub closing: &'static str,
    /// Section.
    pub movements: &'static str,
    /// Column headers: date, movement, reference, amount, effect, available after.
    pub movement_columns: [&'static str; 6],
    /// When the month has no entries.
    pub no_movements: &'static str,
    /// Section.
    pub closing_buckets: &'static str,
    /// The six buckets and available.
    pub buckets: [&'static str; 7],
    /// How the statement is made.
    pub statement_note: &'static str,
    /// Certificate title.
    pub certificate_title: &'static str,
    /// "Año gravable".
    pub tax_year: &'static str,
    /// The running year's note.
    pub year_to_date: &'static str,
    /// Section: the payer.
    pub payer: &'static str,
    /// Field.
    pub legal_name: &'static str,
    /// Field.
    pub nit: &'static str,
    /// Field.
    pub address: &'static str,
    /// Field.
    pub city: &'static str,
    /// Section: the payee.
    pub payee: &'static str,
    /// Field.
    pub name: &'static str,
    /// Field.
    pub document_type: &'static str,
    /// Field.
    pub document_number: &'static str,
    /// Section.
    pub lines: &'static str,
    /// Column headers: brand, month, rate, gross, withheld, net.
    pub line_columns: [&'static str; 6],
    /// Section.
    pub brand_totals: &'static str,
    /// Section.
    pub year_totals: &'static str,
    /// Fields: gross, withheld, net, payments.
    pub totals: [&'static str; 4],
    /// When the year has no payments.
    pub no_payments: &'static str,
    /// How the certificate is made.
    pub certificate_note: &'static str,
    /// Month names.
    pub months: [&'static str; 12],
    /// Footer page word.
    pub page: &'static str,
    /// A payer value missing from configuration (development only).
    pub not_configured: &'static str,
}

impl StatementLabels {
    /// The name of month `month` (1–12).
    pub fn month(&self, month: u32) -> &'static str {
        usize::try_from(month)
            .ok()
            .and_then(|m| m.checked_sub(1))
            .and_then(|m| self.months.get(m))
            .copied()
            .unwrap_or("?")
    }
}

const ES: StatementLabels = StatementLabels {
    statement_title: "Extracto mensual de comisiones",
    influencer: "Influenciador",
    brand: "Marca",
    period: "Periodo (hora de Bogotá)",
    to_date: "mes en curso: extracto parcial, al día de su generación",
    generated: "Generado",
    currency: "Moneda",
    summary: "Resumen",
    opening: "Saldo disponible inicial",
    movement_count: "Movimientos",
    closing: "Saldo disponible final",
    movements: "Movimientos del periodo",
    movement_columns: [
        "Fecha",
        "Movimiento",
        "Referencia",
        "Monto",
        "Efecto",
        "Disponible",
    ],
    no_movements: "Sin movimientos en el periodo.",
    closing_buckets: "Saldos al cierre",
    buckets: [
        "Estimado",
        "Confirmado",
        "Revertido",
        "Retiro pendiente",
        "Retirado",
        "Ajustes pendientes",
        "Disponible",
    ],
    statement_note: "Generado a partir del libro de movimientos de la plataforma; el disponible es \
                     confirmado - retirado - retiro pendiente - ajustes pendientes.",
    certificate_title: "Certificado de retención en la fuente",
    tax_year: "Año gravable",
    year_to_date: "año en curso: certificado parcial, al día de su generación",
    payer: "Agente retenedor",
    legal_name: "Razón social",
    nit: "NIT",
    address: "Dirección",
    city: "Ciudad",
    payee: "Beneficiario del pago",
    name: "Nombre",
    document_type: "Tipo de documento",
    document_number: "Número de documento",
    lines: "Pagos y retenciones por marca y mes",
    line_columns: [
        "Marca",
        "Mes",
        "Tarifa",
        "Valor bruto",
        "Retenido",
        "Valor neto",
    ],
    brand_totals: "Totales por marca",
    year_totals: "Totales del año",
    totals: [
        "Valor bruto pagado",
        "Valor retenido",
        "Valor neto pagado",
        "Número de pagos",
    ],
    no_payments: "No hubo pagos en el año: no se practicó retención en la fuente.",
    certificate_note: "Generado a partir de los pagos registrados en la plataforma (fecha de \
                       pago en hora de Bogotá); la retención de cada pago se calculó al pagarlo \
                       con la tarifa del perfil tributario del beneficiario.",
    months: [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
    page: "Página",
    not_configured: "(sin configurar)",
};

const EN: StatementLabels = StatementLabels {
    statement_title: "Monthly commission statement",
    influencer: "Influencer",
    brand: "Brand",
    period: "Period (Bogotá time)",
    to_date: "current month: partial statement, to the date it was generated",
    generated: "Generated",
    currency: "Currency",
    summary: "Summary",
    opening: "Opening available balance",
    movement_count: "Movements",
    closing: "Closing available balance",
    movements: "Movements of the period",
    movement_columns: [
        "Date",
        "Movement",
        "Reference",
        "Amount",
        "Effect",
        "Available",
    ],
    no_movements: "No movements in the period.",
    closing_buckets: "Balances at closing",
    buckets: [
        "Estimated",
        "Confirmed",
        "Reverted",
        "Pending withdrawal",
        "Withdrawn",
        "Pending adjustments",
        "Available",
    ],
    statement_note: "Generated from the platform's ledger; available is confirmed - withdrawn - \
                     pending withdrawal - pending adjustments.",
    certificate_title: "Certificate of withholding tax at source",
    tax_year: "Tax year",
    year_to_date: "current year: partial certificate, to the date it was generated",
    payer: "Withholding agent",
    legal_name: "Legal name",
    nit: "NIT (tax id)",
    address: "Address",
    city: "City",
    payee: "Payee",
    name: "Name",
    document_type: "Document type",
    document_number: "Document number",
    lines: "Payments and withholding by brand and month",
    line_columns: ["Brand", "Month", "Rate", "Gross", "Withheld", "Net"],
    brand_totals: "Totals by brand",
    year_totals: "Totals of the year",
    totals: ["Gross paid", "Tax withheld", "Net paid", "Payments"],
    no_payments: "There were no payments in the year: no tax was withheld.",
    certificate_note: "Generated from the payments recorded on the platform (payment dates in \
                       Bogotá time); each payment's withholding was computed when it was paid, \
                       at the rate of the payee's tax profile.",
    months: [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    page: "Page",
    not_configured: "(not configured)",
};

/// The labels of `locale`.
pub fn labels(locale: Locale) -> &'static StatementLabels {
    match locale {
        Locale::En => &EN,
        Locale::Es => &ES,
    }
}
