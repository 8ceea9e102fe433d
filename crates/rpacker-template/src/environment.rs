//! The process environment and run constants, injectable for tests (one door for env access).
