//! JNI entry points and nothing else: argument conversion, handles and error mapping. The work
//! itself lives in the core modules, so it is tested without a JVM.
//!
//! Every exported function runs its body through [`error::entry`]; none may return to Java any
//! other way. Export names follow the JNI convention `Java_<class>_<method>` for the classes in
//! `java-shim/src/main/java/io/aerohadoop/internal/`.

mod cluster;
mod error;
mod export;
mod handles;
mod keys;
mod library;
mod panic_probe;
mod reader;
mod strings;
mod writer;
