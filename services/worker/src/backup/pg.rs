//! The PostgreSQL client tools the backups shell out to (`pg_dump`, `pg_restore`, `psql`; the
//! worker never links a database driver). A URL's password goes to the child through
//! `PGPASSWORD`, never on its command line (where `ps` would show it); errors and logs name only
//! the host and the database.

use std::process::Stdio;

use afiliados_config::{ExposeSecret, SecretString};
use anyhow::{Context as _, bail};
use tokio::process::Command;

/// Most stderr kept in an error message.
const MAX_STDERR: usize = 2_000;

/// A connection URL split for a client tool: the URL without its password, and the password.
pub struct Target {
    url: url::Url,
    password: Option<String>,
}

impl Target {
    /// Parses a `postgres://` URL.
    pub fn parse(raw: &SecretString) -> anyhow::Result<Target> {
        let mut url = url::Url::parse(raw.expose_secret())
            .map_err(|_| anyhow::anyhow!("the database URL is not a URL"))?;
        if !matches!(url.scheme(), "postgres" | "postgresql") {
            bail!("the database URL is not a postgres:// URL");
        }
        let password = url.password().map(percent_decode);
        let _ = url.set_password(None);
        Ok(Target { url, password })
    }

    /// `host/database`, for logs and errors.
    pub fn label(&self) -> String {
        format!(
            "{}{}",
            self.url.host_str().unwrap_or("localhost"),
            self.url.path()
        )
    }

    /// A command for `program` with `--dbname` pointing here.
    pub fn command(&self, program: &str) -> Command {
        let mut command = Command::new(program);
        command
            .arg(format!("--dbname={}", self.url))
            .env_remove("PGPASSWORD")
            .kill_on_drop(true);
        if let Some(password) = &self.password {
            command.env("PGPASSWORD", password);
        }
        command
    }

    /// The server's `server_version` (what the dump's restore needs to match).
    pub async fn server_version(&self) -> anyhow::Result<String> {
        let output = self
            .command("psql")
            .args([
                "-X",
                "-A",
                "-t",
                "-v",
                "ON_ERROR_STOP=1",
                "-c",
                "SHOW server_version",
            ])
            .stdin(Stdio::null())
            .output()
            .await
            .context("running psql (is the PostgreSQL client installed?)")?;
        if !output.status.success() {
            bail!(
                "psql could not read the server version of {}: {}",
                self.label(),
                stderr_text(&output.stderr)
            );
        }
        Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
    }
}

/// The last [`MAX_STDERR`] characters of a tool's stderr (its error is at the end).
pub fn stderr_text(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let text = text.trim();
    let skip = text.chars().count().saturating_sub(MAX_STDERR);
    text.chars().skip(skip).collect()
}

fn percent_decode(raw: &str) -> String {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(hex) = std::str::from_utf8(&bytes[i + 1..i + 3])
            && let Ok(byte) = u8::from_str_radix(hex, 16)
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_leaves_the_url_and_is_decoded() {
        let target = Target::parse(&SecretString::from(
            "postgres://bk:p%40ss@db.internal:5432/afiliados",
        ))
        .unwrap();
        assert_eq!(target.password.as_deref(), Some("p@ss"));
        assert!(!target.url.as_str().contains("p%40ss"));
        assert_eq!(target.label(), "db.internal/afiliados");
        assert!(Target::parse(&SecretString::from("mysql://x@y/z")).is_err());
    }
}
