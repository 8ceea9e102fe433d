//! The TCP stream to the SSH server, acknowledging what arrives at once (Linux `TCP_QUICKACK`,
//! set again after every read: the kernel falls back to delayed ACKs by itself).
//!
//! sshd leaves Nagle's algorithm on for sessions without a terminal. When it sends two small
//! packets in a row, the second waits until the first is acknowledged, and a delayed ACK holds
//! that back for up to 40 ms: measured, 42 ms lost before the first channel of every build
//! opened (the SFTP subsystem the shell provisioner uploads with). Elsewhere than Linux the
//! stream is a plain TCP stream.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;

/// A connected TCP stream that acknowledges received data without delay.
#[derive(Debug)]
pub(crate) struct QuickAckStream(TcpStream);

impl QuickAckStream {
    pub(crate) fn new(stream: TcpStream) -> Self {
        quick_ack(&stream);
        Self(stream)
    }
}

#[cfg(target_os = "linux")]
fn quick_ack(stream: &TcpStream) {
    // Best effort: without it the connection still works, only slower.
    let _ = socket2::SockRef::from(stream).set_tcp_quickack(true);
}

#[cfg(not(target_os = "linux"))]
fn quick_ack(_stream: &TcpStream) {}

impl AsyncRead for QuickAckStream {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.0).poll_read(cx, buf);
        if matches!(polled, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            quick_ack(&self.0);
        }
        polled
    }
}

impl AsyncWrite for QuickAckStream {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, data: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.0).poll_write(cx, data)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.0).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.0.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0).poll_shutdown(cx)
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    use tokio::net::{TcpListener, TcpStream};

    use super::QuickAckStream;

    /// After a request/response exchange Linux is in "ping-pong" mode (ACKs wait for the next
    /// reply); each read through the stream switches it back to acknowledging at once.
    #[tokio::test]
    async fn every_read_leaves_the_socket_acknowledging_at_once() {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let address = listener.local_addr().expect("address");
        let server = tokio::spawn(async move {
            let (mut peer, _) = listener.accept().await.expect("accept");
            let mut byte = [0u8; 1];
            for _ in 0..3 {
                peer.write_all(b"ping").await.expect("write");
                peer.read_exact(&mut byte).await.expect("read");
            }
        });
        let mut stream = QuickAckStream::new(TcpStream::connect(address).await.expect("connect"));
        let mut buf = [0u8; 4];
        for _ in 0..3 {
            stream.read_exact(&mut buf).await.expect("read");
            let quick = socket2::SockRef::from(&stream.0).tcp_quickack().expect("getsockopt");
            assert!(quick, "TCP_QUICKACK is off after a read");
            stream.write_all(b"!").await.expect("write");
        }
        server.await.expect("server");
    }
}
