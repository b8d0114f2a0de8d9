//! The models crate's `webhooks.rs`: one enum of every webhook the API sends, each variant
//! holding its payload, for a subscriber to read a delivery into and match on.
//!
//! A webhook's name is not on the wire: the subscriber knows it from the URL it registered for
//! it, or from the payload. So the enum is read by name (`Webhook::from_json(name, body)`)
//! rather than deserialised on its own, and the payload types themselves stay ordinary serde
//! types in `types.rs`.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::rust::{docs, ident, named_in, type_tokens};
use crate::ir::{Api, Webhook};

/// The file, or `None` when the API has no webhooks.
pub(super) fn webhooks_rs(api: &Api) -> Option<TokenStream> {
    let type_name = api.webhook_type.as_deref()?;
    let name = ident(type_name);
    let mut used = Vec::new();
    for ty in api.webhooks.iter().filter_map(payload_type) {
        named_in(ty, &mut used);
    }
    let mut used: Vec<String> = used
        .into_iter()
        .map(|id| api.type_def(id).name.rust.clone())
        .collect();
    used.sort();
    used.dedup();
    let used: Vec<_> = used.iter().map(|name| ident(name)).collect();
    let types = (!used.is_empty()).then(|| quote!(use crate::types::{#(#used),*};));

    let variants = api.webhooks.iter().map(|webhook| variant(api, webhook));
    let names: Vec<&str> = api.webhooks.iter().map(|w| w.name.wire.as_str()).collect();
    let name_arms = api.webhooks.iter().map(|webhook| {
        let variant = ident(&webhook.name.rust);
        let wire = &webhook.name.wire;
        match payload_type(webhook) {
            Some(_) => quote!(Self::#variant(_) => #wire,),
            None => quote!(Self::#variant => #wire,),
        }
    });
    let reads_json = api.webhooks.iter().any(|w| payload_type(w).is_some());
    let json = if reads_json {
        quote!(json)
    } else {
        quote!(_json)
    };
    let read_arms = api.webhooks.iter().map(|webhook| {
        let variant = ident(&webhook.name.rust);
        let wire = &webhook.name.wire;
        match payload_type(webhook) {
            Some(_) => quote!(#wire => serde_json::from_slice(json).map(Self::#variant),),
            None => quote!(#wire => Ok(Self::#variant),),
        }
    });
    let doc = docs([
        "A request the API sends to a subscriber: one variant per webhook, holding its payload.",
        "The webhook's name is not part of the request: read a delivery with \
         [`Self::from_json`] under the name its URL or its payload says.",
    ]);
    Some(quote! {
        //! The requests the API sends to its subscribers (the spec's `webhooks`), each with its
        //! payload.

        #types

        #doc
        // A delivery is read once and matched on straight away: boxing the largest payload
        // would cost every reader a `Box` for nothing.
        #[allow(clippy::large_enum_variant)]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }

        impl #name {
            /// Every webhook's name, as the spec's `webhooks` keys it.
            pub const NAMES: &'static [&'static str] = &[#(#names),*];

            /// The webhook's name, as the spec's `webhooks` keys it.
            pub fn name(&self) -> &'static str {
                match self {
                    #(#name_arms)*
                }
            }

            /// Reads a delivery of the webhook `name` from its JSON body; `None` when the API
            /// has no webhook of that name. A webhook without a payload reads nothing.
            pub fn from_json(name: &str, #json: &[u8]) -> Option<serde_json::Result<Self>> {
                Some(match name {
                    #(#read_arms)*
                    _ => return None,
                })
            }
        }
    })
}

/// The type a webhook's variant holds: its payload's, if it has one (a payload has one type
/// for all its media types, as lowering requires).
fn payload_type(webhook: &Webhook) -> Option<&crate::ir::TypeRef> {
    webhook.payload.as_ref()?.ty.as_ref()?.one()
}

fn variant(api: &Api, webhook: &Webhook) -> TokenStream {
    let variant = ident(&webhook.name.rust);
    let heading = format!(
        "`{}` (`{}`){}",
        webhook.name.wire,
        webhook.method,
        webhook
            .summary
            .as_deref()
            .map(|summary| format!(": {}", one_line(summary)))
            .unwrap_or_default()
    );
    let deprecated = webhook.deprecated.then_some("Deprecated.");
    let payload = webhook
        .payload
        .as_ref()
        .and_then(|payload| payload.description.as_deref())
        .map(|text| format!("The payload: {}", one_line(text)));
    let answers = (!webhook.responses.is_empty()).then(|| {
        let lines: Vec<String> = webhook
            .responses
            .iter()
            .map(|response| {
                let text = one_line(&response.description);
                if text.is_empty() {
                    format!("- `{}`", response.status_text)
                } else {
                    format!("- `{}`: {text}", response.status_text)
                }
            })
            .collect();
        format!("The subscriber answers:\n{}", lines.join("\n"))
    });
    let doc = docs(
        [heading.as_str()]
            .into_iter()
            .chain(deprecated)
            .chain(webhook.description.as_deref())
            .chain(payload.as_deref())
            .chain(answers.as_deref()),
    );
    match payload_type(webhook) {
        Some(ty) => {
            let ty = type_tokens(api, ty);
            quote! {
                #doc
                #variant(#ty),
            }
        }
        None => quote! {
            #doc
            #variant,
        },
    }
}

/// Text on one line, its runs of whitespace (line breaks included) one space each.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
