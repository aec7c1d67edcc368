//! The local backend through the public [`ObjectStore`] API.

use std::path::PathBuf;

use afiliados_crypto::KeyRing;
use afiliados_storage::{LocalStore, ObjectStore, StorageBackend, StorageConfig, StorageError};

/// A fresh root under the system temp directory, removed on drop.
struct TempRoot(PathBuf);

impl TempRoot {
    fn new() -> TempRoot {
        let path = std::env::temp_dir().join(format!("afiliados-storage-{}", uuid::Uuid::new_v4()));
        TempRoot(path)
    }

    fn store(&self) -> ObjectStore {
        ObjectStore::Local(LocalStore::new(&self.0))
    }
}

impl Drop for TempRoot {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[tokio::test]
async fn configuration_selects_the_local_backend() {
    let root = TempRoot::new();
    let store = ObjectStore::from_config(&StorageConfig::local(&root.0)).unwrap();
    assert_eq!(store.backend(), StorageBackend::Local);
    store.put("k", b"v", "text/plain").await.unwrap();
    assert!(root.0.join("k").is_file());
    let s3_without_settings = StorageConfig {
        backend: StorageBackend::S3,
        ..StorageConfig::local(&root.0)
    };
    assert!(matches!(
        ObjectStore::from_config(&s3_without_settings),
        Err(StorageError::NotConfigured(_))
    ));
}

#[tokio::test]
async fn round_trip_overwrite_and_delete() {
    let root = TempRoot::new();
    let store = root.store();
    let key = "influencer/0190f1a2/doc-1";
    assert!(!store.exists(key).await.unwrap());
    store
        .put(key, b"%PDF-1.7 first", "application/pdf")
        .await
        .unwrap();
    assert!(store.exists(key).await.unwrap());
    assert_eq!(store.get(key).await.unwrap(), b"%PDF-1.7 first");
    store.put(key, b"second", "application/pdf").await.unwrap();
    assert_eq!(store.get(key).await.unwrap(), b"second");
    assert!(root.0.join("influencer/0190f1a2/doc-1").is_file());
    store.delete(key).await.unwrap();
    assert!(!store.exists(key).await.unwrap());
    store.delete(key).await.unwrap();
    assert!(matches!(
        store.get(key).await,
        Err(StorageError::NotFound { .. })
    ));
    assert!(
        !store.exists("influencer").await.unwrap(),
        "a folder is not an object"
    );
}

#[tokio::test]
async fn no_temporary_files_are_left_or_listed() {
    let root = TempRoot::new();
    let store = root.store();
    store.put("a/b", b"x", "text/plain").await.unwrap();
    let names: Vec<_> = std::fs::read_dir(root.0.join("a"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names, vec!["b".to_owned()]);
    std::fs::write(root.0.join("a/.tmp-crashed"), b"partial").unwrap();
    assert_eq!(store.list("a").await.unwrap(), vec!["a/b".to_owned()]);
}

#[tokio::test]
async fn list_by_prefix() {
    let root = TempRoot::new();
    let store = root.store();
    assert!(
        store.list("").await.unwrap().is_empty(),
        "missing root lists nothing"
    );
    for key in [
        "influencer/a/1",
        "influencer/a/2",
        "influencer/ab/1",
        "payment/x/voucher",
        "backups/daily/2026-03-01.dump.enc",
    ] {
        store
            .put(key, key.as_bytes(), "application/octet-stream")
            .await
            .unwrap();
    }
    assert_eq!(
        store.list("influencer/a").await.unwrap(),
        vec!["influencer/a/1".to_owned(), "influencer/a/2".to_owned()]
    );
    assert_eq!(store.list("influencer/").await.unwrap().len(), 3);
    assert_eq!(store.list("").await.unwrap().len(), 5);
    assert!(store.list("nothing/here").await.unwrap().is_empty());
    assert!(store.list("influencer/a/1").await.unwrap().is_empty());
}

#[tokio::test]
async fn refuses_traversal_and_absolute_keys() {
    let root = TempRoot::new();
    let store = root.store();
    let outside = root.0.with_extension("escaped");
    let sneaky = format!("../{}", outside.file_name().unwrap().to_str().unwrap());
    for key in [
        sneaky.as_str(),
        "/etc/passwd",
        "a/../../b",
        "a/./b",
        "",
        "a//b",
    ] {
        let result = store.put(key, b"x", "text/plain").await;
        assert!(
            matches!(result, Err(StorageError::InvalidKey { .. })),
            "{key:?}"
        );
        assert!(matches!(
            store.get(key).await,
            Err(StorageError::InvalidKey { .. })
        ));
        assert!(matches!(
            store.delete(key).await,
            Err(StorageError::InvalidKey { .. })
        ));
    }
    assert!(!outside.exists());
    assert!(matches!(
        store.list("../").await,
        Err(StorageError::InvalidKey { .. })
    ));
}

#[tokio::test]
async fn sealed_objects_round_trip_and_bind_aad() {
    let root = TempRoot::new();
    let store = root.store();
    let keyring = KeyRing::parse("k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=").unwrap();
    let key = "withdrawal/w1/voucher-1";
    let kid = store
        .put_sealed(key, b"voucher bytes", &keyring, key.as_bytes())
        .await
        .unwrap();
    assert_eq!(kid, "k1");
    let raw = store.get(key).await.unwrap();
    assert!(!raw.windows(13).any(|window| window == b"voucher bytes"));
    let opened = store
        .get_opened(key, &keyring, key.as_bytes())
        .await
        .unwrap();
    assert_eq!(opened, b"voucher bytes");
    let wrong_aad = store.get_opened(key, &keyring, b"other").await;
    assert!(matches!(wrong_aad, Err(StorageError::Crypto(_))));
}
