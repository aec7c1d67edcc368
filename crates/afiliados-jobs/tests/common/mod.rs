//! Helpers shared by the Redis tests. Tests return `Result` instead of unwrapping, so they pass
//! the workspace's `unwrap_used` lint without exceptions.

#![expect(dead_code, reason = "each test binary uses a different subset")]

use std::{
    net::TcpListener,
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

/// What every test returns.
pub(crate) type TestResult<T = ()> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// The Redis every test machine runs.
pub(crate) const SHARED_REDIS: &str = "redis://127.0.0.1:6379";

/// A per-test namespace so parallel tests never share queues.
pub(crate) fn namespace() -> String {
    format!("t-{}:", uuid::Uuid::new_v4())
}

/// A throw-away `redis-server` on a free port, killed on drop.
pub(crate) struct OwnRedis {
    port: u16,
    child: Option<Child>,
}

impl OwnRedis {
    pub(crate) fn start() -> TestResult<OwnRedis> {
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let mut redis = OwnRedis { port, child: None };
        redis.restart()?;
        Ok(redis)
    }

    pub(crate) fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    /// Starts the server (again) on the same port and waits until it accepts connections.
    pub(crate) fn restart(&mut self) -> TestResult {
        let child = Command::new("redis-server")
            .args([
                "--port",
                &self.port.to_string(),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            if Instant::now() > deadline {
                return Err(format!("redis-server did not start on {}", self.port).into());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(())
    }

    /// Freezes (`-STOP`) or thaws (`-CONT`) the server: a hung Redis, not a closed port.
    pub(crate) fn signal(&self, signal: &str) -> TestResult {
        let child = self.child.as_ref().ok_or("server not running")?;
        let status = Command::new("kill")
            .args([signal, &child.id().to_string()])
            .status()?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("kill {signal} failed").into())
        }
    }

    /// Kills the server and waits until it has exited.
    pub(crate) fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for OwnRedis {
    fn drop(&mut self) {
        self.stop();
    }
}
