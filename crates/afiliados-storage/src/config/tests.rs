use secrecy::ExposeSecret;

use super::*;

fn defaults(name: &str) -> Option<String> {
    match name {
        "APP_ENV" => Some("test".into()),
        _ => None,
    }
}

fn s3_minio(name: &str) -> Option<String> {
    match name {
        "APP_ENV" => Some("development".into()),
        "STORAGE_BACKEND" => Some("S3".into()),
        "STORAGE_LOCAL_DIR" => Some("/var/lib/afiliados".into()),
        "STORAGE_S3_BUCKET" => Some("afiliados-docs".into()),
        "STORAGE_S3_ENDPOINT" => Some("http://127.0.0.1:9000".into()),
        "STORAGE_S3_ACCESS_KEY_ID" => Some("minio".into()),
        "STORAGE_S3_SECRET_ACCESS_KEY" => Some("minio-secret-key".into()),
        _ => None,
    }
}

fn s3_broken(name: &str) -> Option<String> {
    match name {
        "APP_ENV" => Some("production".into()),
        "STORAGE_BACKEND" => Some("s3".into()),
        "STORAGE_S3_ENDPOINT" => Some("minio:9000".into()),
        "STORAGE_S3_ACCESS_KEY_ID" => Some("AKIA".into()),
        _ => None,
    }
}

fn weak_secret(name: &str) -> Option<String> {
    match name {
        "APP_ENV" => Some("production".into()),
        "STORAGE_BACKEND" => Some("s3".into()),
        "STORAGE_S3_BUCKET" => Some("b".into()),
        "STORAGE_S3_ACCESS_KEY_ID" => Some("AKIA".into()),
        "STORAGE_S3_SECRET_ACCESS_KEY" => Some("changeme-please".into()),
        _ => None,
    }
}

fn unknown_backend(name: &str) -> Option<String> {
    match name {
        "STORAGE_BACKEND" => Some("gcs".into()),
        _ => None,
    }
}

#[test]
fn defaults_to_local_dev_storage() {
    let mut env = Env::with_lookup(defaults);
    let config = StorageConfig::from_env(&mut env);
    assert!(env.finish().is_ok());
    assert_eq!(config.backend, StorageBackend::Local);
    assert_eq!(config.local_dir, PathBuf::from(".dev/storage"));
    assert!(config.s3.is_none());
}

#[test]
fn reads_an_s3_compatible_server() {
    let mut env = Env::with_lookup(s3_minio);
    let config = StorageConfig::from_env(&mut env);
    assert!(env.finish().is_ok());
    assert_eq!(config.backend, StorageBackend::S3);
    assert_eq!(config.local_dir, PathBuf::from("/var/lib/afiliados"));
    let s3 = config.s3.unwrap();
    assert_eq!(s3.bucket, "afiliados-docs");
    assert_eq!(s3.region, "us-east-1");
    assert_eq!(s3.endpoint.as_deref(), Some("http://127.0.0.1:9000"));
    assert_eq!(s3.access_key_id.as_deref(), Some("minio"));
    assert_eq!(
        s3.secret_access_key
            .as_ref()
            .map(|s| s.expose_secret().to_owned()),
        Some("minio-secret-key".into())
    );
    assert!(!format!("{s3:?}").contains("minio-secret-key"));
}

#[test]
fn lists_every_s3_problem() {
    let mut env = Env::with_lookup(s3_broken);
    let config = StorageConfig::from_env(&mut env);
    assert!(config.s3.is_none());
    let text = env.finish().unwrap_err().to_string();
    assert!(text.starts_with("3 configuration problems"), "{text}");
    assert!(text.contains("STORAGE_S3_BUCKET is missing"));
    assert!(text.contains("STORAGE_S3_ENDPOINT=\"minio:9000\""));
    assert!(text.contains("STORAGE_S3_SECRET_ACCESS_KEY is missing"));
}

#[test]
fn refuses_weak_secrets_and_unknown_backends() {
    let mut env = Env::with_lookup(weak_secret);
    let _ = StorageConfig::from_env(&mut env);
    let text = env.finish().unwrap_err().to_string();
    assert!(
        text.contains("STORAGE_S3_SECRET_ACCESS_KEY is too weak"),
        "{text}"
    );
    assert!(!text.contains("changeme-please"));

    let mut env = Env::with_lookup(unknown_backend);
    let config = StorageConfig::from_env(&mut env);
    assert_eq!(config.backend, StorageBackend::Local);
    assert!(
        env.finish()
            .unwrap_err()
            .to_string()
            .contains("\"gcs\" is not local or s3")
    );
}
