//! Fuzz target `import`: see `specforge_fuzz::import`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    specforge_fuzz::one_thread();
    specforge_fuzz::tolerate_caught_parser_panics();
    specforge_fuzz::import(data);
});
