//! The chunked format: round trips at the chunk boundaries, and every way of breaking a stream.

use super::*;

const AAD: &[u8] = b"document-7";
const HEADER_LEN: usize = 2 + 2 + 4 + STREAM_NONCE_PREFIX_LEN; // kid "k1"

fn ring() -> KeyRing {
    KeyRing::from_keys([("k1", [1u8; 32]), ("k0", [2u8; 32])]).unwrap()
}

fn plaintext(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 31 % 251) as u8).collect()
}

/// Seals `plain` pushing it in pieces of `piece` bytes.
fn seal(ring: &KeyRing, plain: &[u8], piece: usize, aad: &[u8]) -> Vec<u8> {
    let mut sealer = ring.sealer(aad).unwrap();
    let mut out = Vec::new();
    for part in plain.chunks(piece.max(1)) {
        sealer.push(part, &mut out).unwrap();
        // Never more than one chunk of plaintext waits inside.
        assert!(sealer.pending.len() <= CHUNK_SIZE);
    }
    sealer.finish(&mut out).unwrap();
    out
}

/// Opens `sealed` feeding it in pieces of `piece` bytes.
fn open(ring: &KeyRing, sealed: &[u8], piece: usize, aad: &[u8]) -> Result<Vec<u8>> {
    let mut opener = ring.opener(aad);
    let mut out = Vec::new();
    for part in sealed.chunks(piece.max(1)) {
        opener.push(part, &mut out)?;
    }
    opener.finish(&mut out)?;
    Ok(out)
}

fn chunk_ranges(sealed: &[u8]) -> Vec<std::ops::Range<usize>> {
    let segment = CHUNK_SIZE + TAG_LEN;
    let mut ranges = Vec::new();
    let mut start = HEADER_LEN;
    while start < sealed.len() {
        let end = (start + segment).min(sealed.len());
        ranges.push(start..end);
        start = end;
    }
    ranges
}

#[test]
fn round_trips_at_every_boundary() {
    let ring = ring();
    for len in [
        0,
        1,
        CHUNK_SIZE - 1,
        CHUNK_SIZE,
        CHUNK_SIZE + 1,
        3 * CHUNK_SIZE,
        3 * CHUNK_SIZE + 5,
    ] {
        let plain = plaintext(len);
        for (seal_piece, open_piece) in [(len, usize::MAX), (1000, 7), (CHUNK_SIZE, 4096)] {
            let sealed = seal(&ring, &plain, seal_piece, AAD);
            let chunks = len.div_ceil(CHUNK_SIZE).max(1);
            assert_eq!(
                sealed.len(),
                HEADER_LEN + len + chunks * TAG_LEN,
                "len {len}"
            );
            assert_eq!(sealed[0], CHUNKED_FORMAT_VERSION);
            assert_eq!(
                open(&ring, &sealed, open_piece, AAD).unwrap(),
                plain,
                "len {len}"
            );
            assert_eq!(ring.decrypt(&sealed, AAD).unwrap(), plain, "len {len}");
        }
        assert_eq!(
            ring.encrypt_chunked(&plain, AAD).unwrap().len(),
            HEADER_LEN + len + len.div_ceil(CHUNK_SIZE).max(1) * TAG_LEN
        );
    }
}

#[test]
fn the_opener_releases_each_chunk_once_the_next_begins() {
    let ring = ring();
    let plain = plaintext(2 * CHUNK_SIZE + 10);
    let sealed = seal(&ring, &plain, usize::MAX, AAD);
    let ranges = chunk_ranges(&sealed);
    let mut opener = ring.opener(AAD);
    let mut out = Vec::new();
    opener.push(&sealed[..ranges[0].end], &mut out).unwrap();
    assert!(out.is_empty(), "the first chunk might still be the last");
    opener
        .push(&sealed[ranges[1].start..=ranges[1].start], &mut out)
        .unwrap();
    assert_eq!(out, plain[..CHUNK_SIZE]);
    opener
        .push(&sealed[ranges[1].start + 1..], &mut out)
        .unwrap();
    opener.finish(&mut out).unwrap();
    assert_eq!(out, plain);
}

#[test]
fn a_tampered_chunk_is_refused() {
    let ring = ring();
    let sealed = seal(&ring, &plaintext(3 * CHUNK_SIZE + 5), usize::MAX, AAD);
    for range in chunk_ranges(&sealed) {
        for at in [range.start, range.start + range.len() / 2, range.end - 1] {
            let mut tampered = sealed.clone();
            tampered[at] ^= 0x01;
            assert!(
                matches!(
                    open(&ring, &tampered, 5000, AAD),
                    Err(CryptoError::DecryptionFailed)
                ),
                "byte {at}"
            );
        }
    }
}

#[test]
fn a_tampered_header_is_refused() {
    let ring = ring();
    let sealed = seal(&ring, &plaintext(CHUNK_SIZE + 3), usize::MAX, AAD);
    // Every header byte: version, key id length, key id, chunk size, nonce prefix.
    for at in 0..HEADER_LEN {
        let mut tampered = sealed.clone();
        tampered[at] ^= 0x01;
        assert!(
            open(&ring, &tampered, usize::MAX, AAD).is_err(),
            "byte {at}"
        );
    }
}

#[test]
fn a_truncated_stream_is_refused() {
    let ring = ring();
    let plain = plaintext(3 * CHUNK_SIZE + 5);
    let sealed = seal(&ring, &plain, usize::MAX, AAD);
    let ranges = chunk_ranges(&sealed);
    // Cut exactly after a chunk that is not the final one: each remaining chunk authenticates,
    // the missing final chunk does not.
    for range in &ranges[..ranges.len() - 1] {
        assert!(
            open(&ring, &sealed[..range.end], usize::MAX, AAD).is_err(),
            "cut after {range:?}"
        );
    }
    // Cut inside a chunk, after the header, inside the header, and nothing at all.
    for cut in [sealed.len() - 1, ranges[1].start + 100, HEADER_LEN, 5, 1, 0] {
        assert!(
            open(&ring, &sealed[..cut], usize::MAX, AAD).is_err(),
            "cut at {cut}"
        );
    }
    // A stream of exactly whole chunks is refused when its last full chunk is dropped.
    let whole = seal(&ring, &plaintext(2 * CHUNK_SIZE), usize::MAX, AAD);
    let cut = chunk_ranges(&whole)[0].end;
    assert!(open(&ring, &whole[..cut], usize::MAX, AAD).is_err());
}

#[test]
fn reordered_duplicated_or_foreign_chunks_are_refused() {
    let ring = ring();
    let plain = plaintext(3 * CHUNK_SIZE + 5);
    let sealed = seal(&ring, &plain, usize::MAX, AAD);
    let ranges = chunk_ranges(&sealed);
    let header = &sealed[..HEADER_LEN];
    let chunk = |i: usize| &sealed[ranges[i].clone()];
    let assemble = |order: &[usize]| {
        let mut out = header.to_vec();
        for &i in order {
            out.extend_from_slice(chunk(i));
        }
        out
    };
    assert_eq!(
        open(&ring, &assemble(&[0, 1, 2, 3]), 999, AAD).unwrap(),
        plain
    );
    for order in [
        &[1, 0, 2, 3][..],
        &[0, 2, 1, 3],
        &[0, 1, 3],
        &[0, 0, 1, 2, 3],
        &[0, 1, 2, 2, 3],
        &[0, 1, 2, 3, 3],
    ] {
        assert!(
            open(&ring, &assemble(order), 999, AAD).is_err(),
            "{order:?}"
        );
    }
    // The same plaintext sealed again has another nonce prefix: its chunks do not fit here.
    let other = seal(&ring, &plain, usize::MAX, AAD);
    let mut spliced = sealed.clone();
    spliced[ranges[1].clone()].copy_from_slice(&other[ranges[1].clone()]);
    assert!(open(&ring, &spliced, usize::MAX, AAD).is_err());
}

#[test]
fn the_wrong_associated_data_is_refused() {
    let ring = ring();
    for len in [0, 10, 2 * CHUNK_SIZE + 1] {
        let sealed = seal(&ring, &plaintext(len), usize::MAX, AAD);
        assert!(matches!(
            open(&ring, &sealed, usize::MAX, b"document-8"),
            Err(CryptoError::DecryptionFailed)
        ));
        assert!(ring.decrypt(&sealed, b"").is_err());
    }
}

#[test]
fn single_shot_documents_still_open() {
    let ring = ring();
    for len in [0, 1, 5000, CHUNK_SIZE + 1] {
        let plain = plaintext(len);
        let old = ring.encrypt(&plain, AAD).unwrap();
        assert_eq!(old[0], crate::FORMAT_VERSION);
        for piece in [usize::MAX, 1, 333] {
            assert_eq!(open(&ring, &old, piece, AAD).unwrap(), plain);
        }
        assert_eq!(ring.decrypt(&old, AAD).unwrap(), plain);
        assert!(open(&ring, &old, usize::MAX, b"other").is_err());
        assert!(open(&ring, &old[..old.len() - 1], usize::MAX, AAD).is_err());
    }
}

#[test]
fn key_ids_rotation_and_unknown_keys() {
    let old_ring = KeyRing::from_keys([("k0", [2u8; 32])]).unwrap();
    let sealed = seal(&old_ring, &plaintext(CHUNK_SIZE + 9), usize::MAX, AAD);
    assert_eq!(KeyRing::key_id_of(&sealed), Some("k0"));
    let rotated = ring();
    assert!(rotated.needs_reencryption(&sealed));
    assert_eq!(
        open(&rotated, &sealed, 100, AAD).unwrap(),
        plaintext(CHUNK_SIZE + 9)
    );
    let fresh = rotated.sealer(AAD).unwrap();
    assert_eq!(fresh.key_id(), "k1");
    let stranger = KeyRing::from_keys([("k9", [9u8; 32])]).unwrap();
    assert!(matches!(
        open(&stranger, &sealed, usize::MAX, AAD),
        Err(CryptoError::UnknownKeyId(kid)) if kid == "k0"
    ));
}

#[test]
fn a_forged_chunk_size_is_refused_before_any_buffering() {
    let ring = ring();
    let mut sealed = seal(&ring, b"x", usize::MAX, AAD);
    // Chunk size field: after version, kid length and the two kid bytes.
    sealed[4..8].copy_from_slice(&u32::MAX.to_be_bytes());
    assert!(matches!(
        open(&ring, &sealed, usize::MAX, AAD),
        Err(CryptoError::MalformedCiphertext("bad chunk size"))
    ));
    sealed[4..8].copy_from_slice(&0u32.to_be_bytes());
    assert!(open(&ring, &sealed, usize::MAX, AAD).is_err());
}
