//! The words of the PDF certificate in Spanish (default) and English.

use afiliados_domain::Locale;

/// Every label the PDF prints.
#[derive(Debug)]
pub struct Labels {
    /// Document title.
    pub title: &'static str,
    /// Legal basis line.
    pub subtitle: &'static str,
    /// Section: the certificate.
    pub certificate: &'static str,
    /// Field.
    pub certificate_id: &'static str,
    /// Field.
    pub issued_at: &'static str,
    /// Field: the data controller.
    pub controller: &'static str,
    /// Section: the data subject.
    pub holder: &'static str,
    /// Field.
    pub name: &'static str,
    /// Field.
    pub document_type: &'static str,
    /// Field.
    pub document_number: &'static str,
    /// Field.
    pub email: &'static str,
    /// Field.
    pub influencer_id: &'static str,
    /// Section: the policy.
    pub policy: &'static str,
    /// Field.
    pub policy_type: &'static str,
    /// Field.
    pub version: &'static str,
    /// Field.
    pub policy_title: &'static str,
    /// Field.
    pub document_url: &'static str,
    /// Field.
    pub text_checksum: &'static str,
    /// Field.
    pub published_at: &'static str,
    /// Section: the consent.
    pub consent: &'static str,
    /// Field.
    pub consent_id: &'static str,
    /// Field.
    pub accepted_at: &'static str,
    /// Field.
    pub ip: &'static str,
    /// Field.
    pub user_agent: &'static str,
    /// Field.
    pub channel: &'static str,
    /// Field.
    pub recorded_by: &'static str,
    /// Field.
    pub consent_hash: &'static str,
    /// Field.
    pub revoked_at: &'static str,
    /// Section: verification.
    pub verification: &'static str,
    /// Field.
    pub algorithm: &'static str,
    /// Field.
    pub hash_input: &'static str,
    /// Field.
    pub recomputed_hash: &'static str,
    /// Field.
    pub matches: &'static str,
    /// Section: the certificate checksum.
    pub checksum: &'static str,
    /// How the checksum is computed.
    pub checksum_note: &'static str,
    /// Appendix title.
    pub appendix: &'static str,
    /// Appendix subtitle.
    pub appendix_note: &'static str,
    /// Footer page word.
    pub page: &'static str,
    /// Boolean.
    pub yes: &'static str,
    /// Boolean.
    pub no: &'static str,
    /// `terms`, `privacy`, `habeas_data` in words.
    pub policy_types: [&'static str; 3],
}

impl Labels {
    /// The name of a policy type (the stored spelling when unknown).
    pub fn policy_type_name<'a>(&self, kind: &'a str) -> &'a str {
        match kind {
            "terms" => self.policy_types[0],
            "privacy" => self.policy_types[1],
            "habeas_data" => self.policy_types[2],
            other => other,
        }
    }
}

const ES: Labels = Labels {
    title: "Certificado de consentimiento",
    subtitle: "Autorización de tratamiento de datos personales — Ley 1581 de 2012 (Colombia)",
    certificate: "Certificado",
    certificate_id: "Identificador",
    issued_at: "Emitido",
    controller: "Responsable",
    holder: "Titular de los datos",
    name: "Nombre",
    document_type: "Tipo de documento",
    document_number: "Número de documento",
    email: "Correo electrónico",
    influencer_id: "Identificador del titular",
    policy: "Política aceptada",
    policy_type: "Tipo",
    version: "Versión",
    policy_title: "Título",
    document_url: "Documento",
    text_checksum: "SHA-256 del texto",
    published_at: "Publicada",
    consent: "Consentimiento",
    consent_id: "Identificador",
    accepted_at: "Aceptado",
    ip: "Dirección IP",
    user_agent: "Navegador (user agent)",
    channel: "Canal",
    recorded_by: "Registrado por",
    consent_hash: "Hash del consentimiento",
    revoked_at: "Revocado",
    verification: "Verificación",
    algorithm: "Algoritmo",
    hash_input: "Entrada del hash",
    recomputed_hash: "Hash recalculado",
    matches: "Coincide",
    checksum: "Suma de verificación del certificado",
    checksum_note: "SHA-256 del JSON canónico (RFC 8785) del certificado sin el campo checksum; \
                    se verifica en POST /api/v1/policies/certificates/verify.",
    appendix: "Anexo: texto de la política",
    appendix_note: "texto íntegro aceptado por el titular",
    page: "Página",
    yes: "Sí",
    no: "No",
    policy_types: [
        "Términos y condiciones",
        "Política de privacidad",
        "Autorización de tratamiento de datos (habeas data)",
    ],
};

const EN: Labels = Labels {
    title: "Consent certificate",
    subtitle: "Authorisation to process personal data — Colombian Law 1581 of 2012",
    certificate: "Certificate",
    certificate_id: "Identifier",
    issued_at: "Issued",
    controller: "Data controller",
    holder: "Data subject",
    name: "Name",
    document_type: "Document type",
    document_number: "Document number",
    email: "E-mail",
    influencer_id: "Data subject identifier",
    policy: "Accepted policy",
    policy_type: "Type",
    version: "Version",
    policy_title: "Title",
    document_url: "Document",
    text_checksum: "SHA-256 of the text",
    published_at: "Published",
    consent: "Consent",
    consent_id: "Identifier",
    accepted_at: "Accepted",
    ip: "IP address",
    user_agent: "User agent",
    channel: "Channel",
    recorded_by: "Recorded by",
    consent_hash: "Consent hash",
    revoked_at: "Revoked",
    verification: "Verification",
    algorithm: "Algorithm",
    hash_input: "Hash input",
    recomputed_hash: "Recomputed hash",
    matches: "Matches",
    checksum: "Certificate checksum",
    checksum_note: "SHA-256 of the canonical JSON (RFC 8785) of the certificate without its checksum \
                    member; verify it with POST /api/v1/policies/certificates/verify.",
    appendix: "Appendix: policy text",
    appendix_note: "full text accepted by the data subject",
    page: "Page",
    yes: "Yes",
    no: "No",
    policy_types: [
        "Terms and conditions",
        "Privacy policy",
        "Personal data processing authorisation (habeas data)",
    ],
};

/// The labels of `locale`.
pub fn labels(locale: Locale) -> &'static Labels {
    match locale {
        Locale::En => &EN,
        Locale::Es => &ES,
    }
}
