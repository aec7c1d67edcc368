//! A throw-away PostgreSQL cluster on a free port (`initdb` into a temporary directory,
//! `pg_ctl` to start and stop it), for a test that stops the database: the shared server other
//! tests use is never touched. Trust authentication on loopback only; no Unix socket outside the
//! data directory. Stopped and removed on drop.
//!
//! The binaries come from `/usr/lib/postgresql/<version>/bin` (the newest), else `PATH`. PostgreSQL
//! refuses to run as root, so as root every command runs as the `postgres` user (`runuser`).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A private cluster.
pub(crate) struct PrivatePostgres {
    bin: PathBuf,
    data: PathBuf,
    port: u16,
    as_root: bool,
}

fn bin_dir() -> PathBuf {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_string_lossy().parse::<u32>().ok()?;
            let bin = entry.path().join("bin");
            bin.join("pg_ctl").is_file().then_some((version, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin).unwrap_or_default()
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
}

impl PrivatePostgres {
    /// `initdb` and start on a free port; waits until it accepts connections.
    pub(crate) fn start() -> std::io::Result<PrivatePostgres> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let as_root = is_root();
        // As root the directory must be one the `postgres` user can create entries in.
        let parent = if as_root {
            PathBuf::from("/tmp")
        } else {
            std::env::temp_dir()
        };
        let data = parent.join(format!("afiliados-pg-{}", uuid::Uuid::new_v4().simple()));
        let cluster = PrivatePostgres {
            bin: bin_dir(),
            data,
            port,
            as_root,
        };
        let data = cluster.data.to_string_lossy().into_owned();
        cluster.run(
            "initdb",
            &[
                "-D",
                &data,
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-sync",
            ],
        )?;
        cluster.resume()?;
        Ok(cluster)
    }

    /// A superuser URL.
    pub(crate) fn admin_url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// Starts the stopped cluster again on the same port (its data kept).
    pub(crate) fn resume(&self) -> std::io::Result<()> {
        let data = self.data.to_string_lossy().into_owned();
        let log = self.data.join("server.log").to_string_lossy().into_owned();
        let options = format!(
            "-p {} -c listen_addresses=127.0.0.1 -k {data} -c fsync=off -c max_connections=60",
            self.port
        );
        self.run(
            "pg_ctl",
            &[
                "-D", &data, "-l", &log, "-o", &options, "-w", "-t", "60", "start",
            ],
        )
    }

    /// Stops the cluster (`fast`: open sessions are ended at once) and waits until it is down.
    pub(crate) fn stop(&self) -> std::io::Result<()> {
        let data = self.data.to_string_lossy().into_owned();
        self.run("pg_ctl", &["-D", &data, "-m", "fast", "-w", "stop"])
    }

    fn run(&self, tool: &str, args: &[&str]) -> std::io::Result<()> {
        let program = if self.bin.as_os_str().is_empty() {
            PathBuf::from(tool)
        } else {
            self.bin.join(tool)
        };
        let mut command = if self.as_root {
            let mut command = Command::new("runuser");
            command.args(["-u", "postgres", "--"]).arg(&program);
            command
        } else {
            Command::new(&program)
        };
        let output = command
            .args(args)
            .current_dir(Path::new("/"))
            .stdin(Stdio::null())
            .output()?;
        if output.status.success() {
            Ok(())
        } else {
            Err(std::io::Error::other(format!(
                "{tool} failed: {}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            )))
        }
    }
}

impl Drop for PrivatePostgres {
    fn drop(&mut self) {
        let data = self.data.to_string_lossy().into_owned();
        let _ = self.run("pg_ctl", &["-D", &data, "-m", "immediate", "-w", "stop"]);
        let _ = std::fs::remove_dir_all(&self.data);
    }
}
