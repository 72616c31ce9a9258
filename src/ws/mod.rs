//! WebSockets: the upgrade (`upgrade.rs`) and the connection loop
//! (`connection.rs`), the only code that reads or writes a socket.

pub mod connection;
pub mod secret;
pub mod upgrade;
