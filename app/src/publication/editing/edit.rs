//! What one post of the staff editor is: the editor's sections, the lists whose entries
//! move, the [`Edit`] itself, and the key under which a field's problem travels.

use std::collections::HashMap;

use crate::publication::model::{ComplaintDesk, Fee, MethodKind, PaymentMethod, RecipientUse, SocietyProfile};

/// The posted fields of one editor form (`form[name]=value`).
pub type Fields = HashMap<String, String>;

/// The editor's sections, as posted in `section`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Society,
    Intro,
    Category,
    Area,
    Use,
    Exception,
    Measure,
    Delivery,
    Procedure,
    Desk,
}

kit::codes!(Section {
    Society => "society",
    Intro => "intro",
    Category => "category",
    Area => "area",
    Use => "use",
    Exception => "exception",
    Measure => "measure",
    Delivery => "delivery",
    Procedure => "procedure",
    Desk => "desk",
});

/// A list whose entries can be moved and removed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum List {
    Categories,
    PurposeAreas,
    /// The uses of one purpose area.
    Uses(usize),
    Exceptions,
    SafetyMeasures,
    DeliveryMethods,
}

/// One change to a draft. `index: None` adds a new entry at the end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    Society(SocietyProfile),
    Intro { title: String, purposes_intro: String, notes: Vec<String>, exceptions_intro: String },
    Category { index: Option<usize>, name: String, purposes: Vec<String> },
    Area { index: Option<usize>, name: String },
    Use { area: usize, index: Option<usize>, item: RecipientUse },
    Exception { index: Option<usize>, text: String },
    Measure { index: Option<usize>, title: String, body: String },
    Delivery { index: Option<usize>, name: String, kind: MethodKind, description: String },
    Procedure {
        description: String,
        inquiry: String,
        identity_documents: Vec<String>,
        fees: Vec<Fee>,
        /// The ways to pay, each with what the payer must know.
        payment_methods: Vec<PaymentMethod>,
        /// Why no 電磁的記録 is offered (empty when one is).
        no_electronic_reason: String,
    },
    Desk(ComplaintDesk),
    Move { list: List, index: usize, up: bool },
    Remove { list: List, index: usize },
}

/// The name under which a form's field problems travel, unique on the editor page:
/// `category.2.name`, `category.new.name`, `use.0.1.text`.
pub fn field_key(section: Section, area: Option<usize>, index: Option<usize>, field: &str) -> String {
    let index = index.map_or_else(|| "new".to_string(), |i| i.to_string());
    match area {
        Some(a) => format!("{}.{a}.{index}.{field}", section.code()),
        None => format!("{}.{index}.{field}", section.code()),
    }
}
