//! What a panic prints. A panic inside a lint step is caught and reported as a finding and an
//! error naming the file (exit 2), with its message and location, so the default hook's
//! message would only repeat it: it is printed only when `RUST_BACKTRACE` asks for a
//! backtrace. Any other panic is a bug in the CLI and prints as usual. Built for WASI (the npm
//! package's bin) a panic aborts and nothing is caught, so there it always prints.

pub fn install_hook() {
    let default = std::panic::take_hook();
    let backtrace = std::env::var_os("RUST_BACKTRACE").is_some_and(|v| !v.is_empty() && v != "0");
    std::panic::set_hook(Box::new(move |info| {
        if cfg!(panic = "unwind") && plimsoll_lint::panic_is_contained() {
            plimsoll_lint::record_panic(info);
            if !backtrace {
                return;
            }
        }
        default(info);
    }));
}
