//! The sealed backup format: a `pg_dump` stream cut into 1 MiB chunks, each sealed with the
//! `DATA_ENCRYPTION_KEY` ring (AES-256-GCM, key id inside each chunk), so neither side holds the
//! whole dump in memory.
//!
//! ```text
//! "AFBACKUP1\n" | id_len (u8) | snapshot id | frames…
//! frame = flag (u8: 0 more, 1 final) | len (u32 BE) | KeyRing ciphertext of the chunk
//! ```
//!
//! Each chunk's associated data is `afiliados-backup/1/{snapshot id}/{index}/{flag}`: a chunk
//! moved, dropped, duplicated, taken from another snapshot, or a stream cut before its final
//! frame fails to open (on top of the SHA-256 of the stored bytes the manifest carries).

use afiliados_crypto::{KeyRing, Sha256Stream};
use anyhow::{Context as _, bail};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

/// First bytes of every sealed backup.
pub const MAGIC: &[u8] = b"AFBACKUP1\n";
/// Plaintext bytes per chunk.
pub const CHUNK: usize = 1 << 20;
/// Largest frame accepted when opening: a chunk plus the ring's overhead (a tampered length
/// must not make the reader allocate gigabytes).
const MAX_FRAME: usize = CHUNK + 1024;

fn aad(snapshot_id: &str, index: u64, last: bool) -> Vec<u8> {
    format!(
        "afiliados-backup/1/{snapshot_id}/{index}/{}",
        u8::from(last)
    )
    .into_bytes()
}

/// What [`seal`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sealed {
    /// Bytes written (the stored size).
    pub size_bytes: u64,
    /// SHA-256 of the bytes written, lower-case hex.
    pub sha256: String,
    /// Plaintext bytes read.
    pub plain_bytes: u64,
}

/// Reads `plain` to its end and writes it sealed to `out`, hashing what is written.
pub async fn seal<R, W>(
    mut plain: R,
    mut out: W,
    keyring: &KeyRing,
    snapshot_id: &str,
) -> anyhow::Result<Sealed>
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let id_len = u8::try_from(snapshot_id.len()).context("the snapshot id is too long")?;
    let mut hash = Sha256Stream::new();
    let mut size_bytes = 0u64;
    let mut plain_bytes = 0u64;
    let mut header = MAGIC.to_vec();
    header.push(id_len);
    header.extend_from_slice(snapshot_id.as_bytes());
    write_hashed(&mut out, &header, &mut hash, &mut size_bytes).await?;
    let mut buffer = vec![0u8; CHUNK];
    for index in 0u64.. {
        let (filled, last) = fill(&mut plain, &mut buffer).await?;
        plain_bytes += filled as u64;
        let sealed = keyring
            .encrypt(&buffer[..filled], &aad(snapshot_id, index, last))
            .context("sealing a chunk of the dump")?;
        let len = u32::try_from(sealed.len()).context("a sealed chunk over 4 GiB")?;
        let mut frame = Vec::with_capacity(5 + sealed.len());
        frame.push(u8::from(last));
        frame.extend_from_slice(&len.to_be_bytes());
        frame.extend_from_slice(&sealed);
        write_hashed(&mut out, &frame, &mut hash, &mut size_bytes).await?;
        if last {
            break;
        }
    }
    out.flush().await.context("flushing the sealed dump")?;
    Ok(Sealed {
        size_bytes,
        sha256: hash.finish_hex(),
        plain_bytes,
    })
}

/// Fills `buffer` from `reader`; `true` when the reader ended (the chunk is the last one).
async fn fill<R: AsyncRead + Unpin>(
    reader: &mut R,
    buffer: &mut [u8],
) -> anyhow::Result<(usize, bool)> {
    let mut filled = 0;
    while filled < buffer.len() {
        let read = reader
            .read(&mut buffer[filled..])
            .await
            .context("reading the dump")?;
        if read == 0 {
            return Ok((filled, true));
        }
        filled += read;
    }
    Ok((filled, false))
}

async fn write_hashed<W: AsyncWrite + Unpin>(
    out: &mut W,
    bytes: &[u8],
    hash: &mut Sha256Stream,
    size: &mut u64,
) -> anyhow::Result<()> {
    out.write_all(bytes)
        .await
        .context("writing the sealed dump")?;
    hash.update(bytes);
    *size += bytes.len() as u64;
    Ok(())
}

/// Reads a sealed backup from `sealed` and writes the plaintext to `plain`; `progress` is called
/// with the sealed bytes read so far. Fails on a wrong magic, a chunk that does not open (tampered,
/// reordered, another key), a stream cut before its final frame, or bytes after it.
pub async fn open<R, W>(
    mut sealed: R,
    mut plain: W,
    keyring: &KeyRing,
    mut progress: impl FnMut(u64),
) -> anyhow::Result<u64>
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut magic = vec![0u8; MAGIC.len()];
    sealed
        .read_exact(&mut magic)
        .await
        .context("reading the backup header")?;
    if magic != MAGIC {
        bail!("not a sealed backup (wrong header)");
    }
    let id_len = sealed
        .read_u8()
        .await
        .context("reading the backup header")?;
    let mut id = vec![0u8; usize::from(id_len)];
    sealed
        .read_exact(&mut id)
        .await
        .context("reading the backup header")?;
    let snapshot_id = String::from_utf8(id).context("the backup header's id is not UTF-8")?;
    let mut read = (MAGIC.len() + 1 + usize::from(id_len)) as u64;
    let mut written = 0u64;
    for index in 0u64.. {
        let flag = match sealed.read_u8().await {
            Ok(flag) => flag,
            Err(error) if error.kind() == std::io::ErrorKind::UnexpectedEof => {
                bail!("the backup is truncated: it ends before its final chunk")
            }
            Err(error) => return Err(error).context("reading the backup"),
        };
        let last = match flag {
            0 => false,
            1 => true,
            other => bail!("chunk {index} has an unknown flag {other}: the backup was altered"),
        };
        let len = sealed.read_u32().await.context("the backup is truncated")? as usize;
        if len > MAX_FRAME {
            bail!("chunk {index} claims {len} bytes: the backup was altered");
        }
        let mut frame = vec![0u8; len];
        sealed
            .read_exact(&mut frame)
            .await
            .context("the backup is truncated")?;
        read += 5 + len as u64;
        let chunk = keyring
            .decrypt(&frame, &aad(&snapshot_id, index, last))
            .map_err(|error| {
                anyhow::anyhow!("chunk {index} does not open ({error}): the backup was altered or sealed with a key this ring lacks")
            })?;
        plain
            .write_all(&chunk)
            .await
            .context("writing the restored dump")?;
        written += chunk.len() as u64;
        progress(read);
        if last {
            break;
        }
    }
    let mut rest = [0u8; 1];
    if sealed.read(&mut rest).await.context("reading the backup")? != 0 {
        bail!("bytes follow the final chunk: the backup was altered");
    }
    plain.flush().await.context("writing the restored dump")?;
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ring() -> KeyRing {
        KeyRing::from_keys([("k1", [7u8; 32])]).unwrap()
    }

    async fn sealed(plain: &[u8]) -> (Vec<u8>, Sealed) {
        let mut out = Vec::new();
        let report = seal(plain, &mut out, &ring(), "snap-1").await.unwrap();
        (out, report)
    }

    async fn opened(bytes: &[u8]) -> anyhow::Result<Vec<u8>> {
        let mut plain = Vec::new();
        open(bytes, &mut plain, &ring(), |_| {}).await?;
        Ok(plain)
    }

    #[tokio::test]
    async fn round_trips_empty_small_and_multi_chunk_streams() {
        for size in [0, 10, CHUNK, CHUNK * 2 + 17] {
            let plain: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
            let (bytes, report) = sealed(&plain).await;
            assert_eq!(report.size_bytes, bytes.len() as u64);
            assert_eq!(report.sha256, afiliados_crypto::sha256_hex(&bytes));
            assert_eq!(report.plain_bytes, size as u64);
            assert_eq!(opened(&bytes).await.unwrap(), plain, "size {size}");
        }
    }

    #[tokio::test]
    async fn tampering_truncation_and_trailing_bytes_are_refused() {
        let plain: Vec<u8> = (0..CHUNK + 100).map(|i| (i % 13) as u8).collect();
        let (bytes, _) = sealed(&plain).await;

        let mut flipped = bytes.clone();
        let middle = flipped.len() / 2;
        flipped[middle] ^= 0x01;
        assert!(opened(&flipped).await.is_err());

        // Cut right after the first (non-final) frame: every remaining chunk is gone.
        let first_len = u32::from_be_bytes(bytes[18..22].try_into().unwrap()) as usize;
        let cut = &bytes[..22 + first_len];
        let error = opened(cut).await.unwrap_err().to_string();
        assert!(error.contains("truncated"), "{error}");

        let mut longer = bytes.clone();
        longer.push(0);
        assert!(opened(&longer).await.is_err());

        let other = KeyRing::from_keys([("k2", [9u8; 32])]).unwrap();
        let mut sink = Vec::new();
        assert!(open(&bytes[..], &mut sink, &other, |_| {}).await.is_err());
    }
}
