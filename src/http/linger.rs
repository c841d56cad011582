//! Closing a connection without losing the answer. When actix-http refuses a request head that is
//! too large (431) it stops reading and closes the socket while the client may still be sending;
//! closing with unread bytes makes the kernel reset the connection, and a client that writes its
//! whole request before reading then sees the reset instead of the 431. So each connection keeps a
//! second handle to its socket; when actix is done with the connection, that handle sends the end
//! of the stream after what actix wrote and reads (and drops) what the client is still sending,
//! for a bounded time and amount, before the socket really closes: a "lingering close".

use std::any::Any;
use std::time::Duration;

use actix_web::dev::Extensions;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// How long, and how much, a closing connection is drained at most.
const LINGER_FOR: Duration = Duration::from_secs(3);
const LINGER_BYTES: usize = 64 << 20;

/// Held in the connection's data, so it is dropped when actix has finished with the connection.
struct Lingering(Option<socket2::Socket>);

/// For `HttpServer::on_connect`: gives the connection its lingering close.
pub fn on_connect(connection: &dyn Any, data: &mut Extensions) {
    let Some(stream) = connection.downcast_ref::<tokio::net::TcpStream>() else {
        return;
    };
    // A socket that cannot be duplicated (no file descriptors left) simply closes as before.
    if let Ok(socket) = socket2::SockRef::from(stream).try_clone() {
        data.insert(Lingering(Some(socket)));
    }
}

impl Drop for Lingering {
    fn drop(&mut self) {
        let (Some(socket), Ok(runtime)) = (self.0.take(), tokio::runtime::Handle::try_current()) else {
            return;
        };
        runtime.spawn(async move {
            let std_stream: std::net::TcpStream = socket.into();
            if std_stream.set_nonblocking(true).is_err() {
                return;
            }
            let Ok(mut stream) = tokio::net::TcpStream::from_std(std_stream) else {
                return;
            };
            let _ = tokio::time::timeout(LINGER_FOR, async {
                // The end of the stream, after everything actix wrote.
                let _ = stream.shutdown().await;
                let (mut buffer, mut drained) = (vec![0u8; 16 << 10], 0);
                while drained < LINGER_BYTES {
                    match stream.read(&mut buffer).await {
                        Ok(0) | Err(_) => break,
                        Ok(n) => drained += n,
                    }
                }
            })
            .await;
        });
    }
}
