//! What a session's machine did since the driver last asked, as plain
//! numbers: the driver adds them to the operator's metrics, so the machine
//! needs no metrics library and stays free of shared state.

use crate::protocol::ErrorCode;
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WorkCounts {
    /// Frames handed to connections' outbound queues, and their bytes.
    pub delivered_frames: u64,
    pub delivered_bytes: u64,
    /// Commands from this node's clients (WebSocket, the organiser's API,
    /// caption posts), applied or refused.
    pub commands: u64,
    /// The codes of the refused ones.
    pub refusals: Vec<ErrorCode>,
    /// Caption lines finished, by track.
    pub caption_lines: BTreeMap<String, u64>,
}
