//! Odd but possible documents: each is either generated or refused with a message naming the
//! file; none may panic.

use specforge::generate::{generate, Inputs};
use specforge::spec;
use specforge::templates::Templates;

fn run(text: &str) -> Result<usize, String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let templates = Templates::load(&root.join("templates")).map_err(|err| err.to_string())?;
    let spec = spec::parse("specs/odd.yaml", "odd", text).map_err(|err| err.to_string())?;
    let inputs = Inputs {
        specs: vec![spec],
        templates,
        configs: Default::default(),
    };
    generate(&inputs)
        .map(|files| files.len())
        .map_err(|err| err.to_string())
}

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

#[test]
fn odd_documents_are_generated_or_refused_without_panicking() {
    let documents = [
        String::new(),
        "openapi: 3.0.3\n".to_owned(),
        "[1, 2]".to_owned(),
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n".to_owned(),
        format!("{HEAD}paths: {{}}\n"),
        format!("{HEAD}paths: {{}}\ncomponents: {{schemas: {{A: {{$ref: '#/components/schemas/B'}}, B: {{$ref: '#/components/schemas/A'}}}}}}\n"),
        format!("{HEAD}paths: {{}}\ncomponents: {{schemas: {{A: {{allOf: [{{$ref: '#/components/schemas/B'}}]}}, B: {{allOf: [{{$ref: '#/components/schemas/A'}}, {{type: object}}]}}}}}}\n"),
        format!("{HEAD}paths:\n  /x:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema: {{type: object, properties: {{n: {{type: number, minimum: .inf, maximum: .nan}}}}}}\n      responses: {{'200': {{description: ok}}}}\n"),
        format!("{HEAD}paths:\n  /x/{{}}:\n    get:\n      responses: {{default: {{description: ''}}}}\n"),
        format!("{HEAD}paths: {{}}\ncomponents: {{schemas: {{'': {{type: object, properties: {{'': {{type: string, enum: ['', ' ']}}}}}}}}}}\n"),
        format!("{HEAD}paths: {{}}\ncomponents: {{schemas: {{A: {{type: [string, 'null']}}}}}}\n"),
        format!("{HEAD}paths: {{}}\ncomponents: {{schemas: {{A: {{not: {{type: string}}}}}}}}\n"),
        format!("{HEAD}paths:\n  /x:\n    get:\n      security: [{{nope: []}}]\n      responses: {{'200': {{description: ok}}}}\n"),
    ];
    for document in documents {
        let outcome = std::panic::catch_unwind(|| run(&document));
        match outcome {
            Ok(Ok(_)) => {}
            Ok(Err(message)) => assert!(
                message.contains("specs/odd.yaml") || message.contains("template"),
                "the message does not name the file: {message}\n{document}"
            ),
            Err(_) => panic!("panicked on:\n{document}"),
        }
    }
}

#[test]
fn what_a_server_could_never_serve_is_refused_with_the_reason() {
    let cases = [
        (
            format!("{HEAD}paths:\n  /x/{{id}}:\n    get:\n      responses: {{'200': {{description: ok}}}}\n"),
            "path parameter `id` of \"/x/{id}\" is not declared",
        ),
        (
            format!("{HEAD}paths:\n  /x:\n    get:\n      parameters: [{{name: id, in: path, required: true, schema: {{type: string}}}}]\n      responses: {{'200': {{description: ok}}}}\n"),
            "path parameter `id` does not appear in \"/x\"",
        ),
        (
            format!("{HEAD}paths:\n  /x/{{}}:\n    get:\n      responses: {{'200': {{description: ok}}}}\n"),
            "empty or nested parameter name",
        ),
        (
            format!("{HEAD}paths:\n  /script:\n    put:\n      requestBody:\n        content:\n          application/javascript:\n            schema: {{type: object, properties: {{source: {{type: string}}}}}}\n      responses: {{'200': {{description: ok}}}}\n"),
            "unsupported: request body of PUT /script as application/javascript",
        ),
    ];
    for (document, expected) in cases {
        match run(&document) {
            Ok(_) => panic!("accepted:\n{document}"),
            Err(message) => {
                assert!(message.contains(expected), "{message}\n{document}");
                assert!(message.starts_with("specs/odd.yaml"), "{message}");
            }
        }
    }
}

#[test]
fn a_long_chain_of_schemas_lowers_on_an_ordinary_stack() {
    // Each schema holds the next: the passes over the type graph walk it without recursing
    // once per type, which would overflow a thread's stack on a long enough chain.
    let length = 20_000;
    let mut text = format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n");
    for index in 0..length {
        text.push_str(&format!(
            "    S{index}: {{type: object, properties: {{next: {{$ref: '#/components/schemas/S{}'}}}}}}\n",
            (index + 1) % length
        ));
    }
    let spec = spec::parse("specs/odd.yaml", "odd", &text).unwrap_or_else(|err| panic!("{err}"));
    let lowered = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || specforge::ir::lower(&spec).map(|api| api.types.len()))
        .expect("a thread")
        .join()
        .expect("lowering finishes");
    assert_eq!(lowered.unwrap_or_else(|err| panic!("{err}")), length);
}
