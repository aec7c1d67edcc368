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

fn bytes_of(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 7 % 253) as u8).collect()
}

/// Reads a sealed object piece by piece; every piece at most `largest` bytes.
async fn read_all(
    store: &ObjectStore,
    key: &str,
    keyring: &KeyRing,
    aad: &[u8],
    largest: usize,
) -> Result<Vec<u8>, StorageError> {
    let mut reader = store.open_sealed(key, keyring, aad).await?;
    let mut plain = Vec::new();
    while let Some(piece) = reader.next_piece().await? {
        assert!(piece.len() <= largest, "a piece of {} bytes", piece.len());
        plain.extend_from_slice(&piece);
    }
    Ok(plain)
}

#[tokio::test]
async fn sealed_writer_streams_and_the_reader_opens_chunk_by_chunk() {
    let root = TempRoot::new();
    let store = root.store();
    let keyring = KeyRing::parse("k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=").unwrap();
    let key = "payout_batch/b1/d1";
    let plain = bytes_of(3 * afiliados_crypto::CHUNK_SIZE + 12_345);
    let mut writer = store.sealed_writer(key, &keyring, b"d1").await.unwrap();
    for piece in plain.chunks(350) {
        writer.write(piece).await.unwrap();
    }
    assert_eq!(writer.size_bytes(), plain.len() as u64);
    // Nothing visible before the end.
    assert!(!store.exists(key).await.unwrap());
    let stored = writer.finish().await.unwrap();
    assert_eq!(stored.key_id, "k1");
    assert_eq!(stored.size_bytes, plain.len() as u64);
    assert_eq!(stored.sha256, afiliados_crypto::sha256_hex(&plain));
    let raw = store.get(key).await.unwrap();
    assert_eq!(raw[0], afiliados_crypto::CHUNKED_FORMAT_VERSION);
    // Chunked objects come back a chunk (64 KiB) at a time at most.
    let chunk = afiliados_crypto::CHUNK_SIZE;
    assert_eq!(
        read_all(&store, key, &keyring, b"d1", chunk).await.unwrap(),
        plain
    );
    assert_eq!(store.get_opened(key, &keyring, b"d1").await.unwrap(), plain);
    // The wrong associated data, a truncated copy and a missing object fail.
    let mut reader = store.open_sealed(key, &keyring, b"d2").await.unwrap();
    assert!(matches!(
        reader.next_piece().await,
        Err(StorageError::Crypto(_))
    ));
    let cut = afiliados_crypto::CHUNK_SIZE * 2 + 200;
    store.put("cut", &raw[..cut], "x").await.unwrap();
    let mut reader = store.open_sealed("cut", &keyring, b"d1").await.unwrap();
    let mut failed = false;
    loop {
        match reader.next_piece().await {
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(_) => {
                failed = true;
                break;
            }
        }
    }
    assert!(failed, "a truncated object must not read to its end");
    assert!(matches!(
        store.open_sealed("nothing/here", &keyring, b"d1").await,
        Err(StorageError::NotFound { .. })
    ));
}

#[tokio::test]
async fn an_unfinished_writer_leaves_nothing_behind() {
    let root = TempRoot::new();
    let store = root.store();
    let keyring = KeyRing::parse("k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=").unwrap();
    let mut dropped = store
        .sealed_writer("a/dropped", &keyring, b"")
        .await
        .unwrap();
    dropped.write(&bytes_of(200_000)).await.unwrap();
    drop(dropped);
    let mut aborted = store
        .sealed_writer("a/aborted", &keyring, b"")
        .await
        .unwrap();
    aborted.write(b"x").await.unwrap();
    aborted.abort().await;
    assert!(store.list("").await.unwrap().is_empty());
    let left: Vec<_> = std::fs::read_dir(root.0.join("a")).unwrap().collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
}

#[tokio::test]
async fn objects_sealed_whole_before_the_chunked_format_still_open() {
    let root = TempRoot::new();
    let store = root.store();
    let keyring = KeyRing::parse("k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=").unwrap();
    let plain = bytes_of(100_000);
    let old = keyring.encrypt(&plain, b"doc").unwrap();
    assert_eq!(old[0], afiliados_crypto::FORMAT_VERSION);
    store.put("old/doc", &old, "x").await.unwrap();
    // Single-shot objects are opened whole, in one piece.
    assert_eq!(
        read_all(&store, "old/doc", &keyring, b"doc", plain.len())
            .await
            .unwrap(),
        plain
    );
    assert_eq!(
        store.get_opened("old/doc", &keyring, b"doc").await.unwrap(),
        plain
    );
    let empty = keyring.encrypt(b"", b"doc").unwrap();
    store.put("old/empty", &empty, "x").await.unwrap();
    assert!(
        read_all(&store, "old/empty", &keyring, b"doc", 0)
            .await
            .unwrap()
            .is_empty()
    );
}
