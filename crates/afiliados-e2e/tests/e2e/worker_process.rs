//! The worker as a separate process: the `afiliados-worker` binary the workspace build puts next
//! to this test binary (`target/<profile>/`; `AFILIADOS_WORKER_BIN` overrides), configured only
//! through its environment. Unlike the in-process worker it can die the hard way: [`kill`] sends
//! SIGKILL, so no shutdown code runs and its in-flight tasks stay claimed in Redis.
//!
//! [`kill`]: WorkerProcess::kill

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

/// A running worker process; killed (SIGKILL) on drop.
pub(crate) struct WorkerProcess {
    child: Option<Child>,
}

/// Where the worker binary is.
fn binary() -> std::io::Result<PathBuf> {
    if let Ok(path) = std::env::var("AFILIADOS_WORKER_BIN") {
        return Ok(PathBuf::from(path));
    }
    // target/<profile>/deps/e2e-<hash> → target/<profile>/afiliados-worker
    let exe = std::env::current_exe()?;
    let profile_dir = exe
        .parent()
        .and_then(std::path::Path::parent)
        .ok_or_else(|| std::io::Error::other("the test binary has no target directory"))?;
    let path = profile_dir.join("afiliados-worker");
    if path.is_file() {
        Ok(path)
    } else {
        Err(std::io::Error::other(format!(
            "no worker binary at {}: build the workspace (cargo nextest run --workspace builds it) \
             or set AFILIADOS_WORKER_BIN",
            path.display()
        )))
    }
}

impl WorkerProcess {
    /// Starts `afiliados-worker serve` with exactly `env` (nothing inherited but `PATH`).
    pub(crate) fn start(env: &[(&str, String)]) -> std::io::Result<WorkerProcess> {
        let mut command = Command::new(binary()?);
        command.arg("serve").env_clear();
        if let Ok(path) = std::env::var("PATH") {
            command.env("PATH", path);
        }
        for (name, value) in env {
            command.env(name, value);
        }
        let child = command
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()?;
        Ok(WorkerProcess { child: Some(child) })
    }

    /// SIGKILL, then reaps the process.
    pub(crate) fn kill(&mut self) -> std::io::Result<()> {
        if let Some(mut child) = self.child.take() {
            child.kill()?;
            child.wait()?;
        }
        Ok(())
    }

    /// Whether the process is still running (it exits at once on a configuration problem).
    pub(crate) fn is_running(&mut self) -> bool {
        self.child
            .as_mut()
            .is_some_and(|child| matches!(child.try_wait(), Ok(None)))
    }
}

impl Drop for WorkerProcess {
    fn drop(&mut self) {
        let _ = self.kill();
    }
}
