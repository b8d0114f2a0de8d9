//! Fuzz target `spec`: see `specforge_fuzz::spec`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    specforge_fuzz::one_thread();
    specforge_fuzz::tolerate_caught_parser_panics();
    specforge_fuzz::spec(data);
});
