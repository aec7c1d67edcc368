//! Redis for tests: the shared server's URL, a key namespace per test (so parallel tests never see
//! each other's queues or rate-limit windows), and a private server a test may stop.

use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The shared Redis: `TEST_REDIS_URL`, else `redis://127.0.0.1:6379`.
pub fn redis_url() -> String {
    std::env::var("TEST_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into())
}

/// A fresh key prefix, `t-<uuid>:`; two services given the same one share queues and limits,
/// as replicas of one deployment do.
pub fn namespace() -> String {
    format!("t-{}:", uuid::Uuid::new_v4().simple())
}

/// How long a private `redis-server` may take to accept connections.
const START_WITHIN: Duration = Duration::from_secs(10);

/// A throw-away `redis-server` on a free port (no persistence), killed on drop; a test stops
/// and restarts it to simulate an outage.
#[derive(Debug)]
pub struct PrivateRedis {
    port: u16,
    child: Option<Child>,
}

impl PrivateRedis {
    /// Starts it on a free port and waits until it accepts connections.
    pub fn start() -> std::io::Result<PrivateRedis> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let mut redis = PrivateRedis { port, child: None };
        redis.restart()?;
        Ok(redis)
    }

    /// Its URL.
    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    /// Starts the server again on the same port (empty: nothing is persisted).
    pub fn restart(&mut self) -> std::io::Result<()> {
        let child = Command::new("redis-server")
            .args(["--port", &self.port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .spawn()?;
        self.child = Some(child);
        let deadline = Instant::now() + START_WITHIN;
        while TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            if Instant::now() > deadline {
                return Err(std::io::Error::other("redis-server did not start in time"));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Ok(())
    }

    /// Kills the server and waits for the process to end, so the port is closed on return.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for PrivateRedis {
    fn drop(&mut self) {
        self.stop();
    }
}
