//! Reading one posted editor form into an [`Edit`]: the society's text kept as typed,
//! required and over-long entries named per field, fees in yen, and malformed posts
//! refused as bad requests.

use kit::error::AppError;
use kit::form::{Check, Problem};
use kit::rights::RequestType;

use super::edit::{Edit, Fields, List, Section, field_key};
use crate::publication::model::{
    ComplaintDesk, Fee, JointUse, MethodKind, PaymentKind, PaymentMethod, RecipientUse, ResponsibleParty, SocietyProfile, UseKind,
};

/// Longest single-line entry (a name, an address) and longest text (a body, a list).
const LINE_MAX: usize = 200;
const TEXT_MAX: usize = 4000;

/// The society's text as typed: trimmed and without control characters, but not
/// NFKC-normalised (the published text keeps its full-width （）and spaces).
fn clean(raw: &str) -> String {
    raw.chars().filter(|c| !c.is_control()).collect::<String>().trim().to_string()
}

/// A required one-line entry.
fn single(check: &mut Check, key: &str, raw: &str) -> String {
    let value = clean(raw);
    if value.is_empty() {
        check.fail(key, Problem::Required);
    } else if value.chars().count() > LINE_MAX {
        check.fail(key, Problem::TooLong);
    }
    value
}

pub(super) fn get<'a>(fields: &'a Fields, name: &str) -> &'a str {
    fields.get(name).map_or("", String::as_str)
}

pub(super) fn index_of(raw: &str) -> Result<Option<usize>, AppError> {
    let raw = raw.trim();
    if raw.is_empty() || raw == "new" {
        return Ok(None);
    }
    if raw.len() > 4 || !raw.bytes().all(|b| b.is_ascii_digit()) {
        return Err(AppError::BadRequest);
    }
    raw.parse().map(Some).map_err(|_| AppError::BadRequest)
}

/// Non-empty lines of a textarea, each normalised; an empty list is `Required`.
fn lines(check: &mut Check, key: &str, raw: &str, required: bool) -> Vec<String> {
    if raw.chars().count() > TEXT_MAX {
        check.fail(key, Problem::TooLong);
        return Vec::new();
    }
    let list: Vec<String> = raw
        .lines()
        .map(clean)
        .filter(|l| !l.is_empty())
        .collect();
    if list.iter().any(|l| l.chars().count() > LINE_MAX) {
        check.fail(key, Problem::TooLong);
    }
    if required && list.is_empty() {
        check.fail(key, Problem::Required);
    }
    list
}

/// Multi-line text: kept as typed (paragraphs matter), trimmed, required.
pub(super) fn text(check: &mut Check, key: &str, raw: &str) -> String {
    let value = optional_text(check, key, raw);
    if value.is_empty() {
        check.fail(key, Problem::Required);
    }
    value
}

/// A text that may be left empty.
fn optional_text(check: &mut Check, key: &str, raw: &str) -> String {
    let value: String = raw.replace("\r\n", "\n").chars().filter(|c| *c == '\n' || !c.is_control()).collect();
    let value = value.trim().to_string();
    if value.chars().count() > TEXT_MAX {
        check.fail(key, Problem::TooLong);
    }
    value
}

fn optional(check: &mut Check, key: &str, raw: &str) -> Option<String> {
    let value = clean(raw);
    if value.chars().count() > LINE_MAX {
        check.fail(key, Problem::TooLong);
    }
    (!value.is_empty()).then_some(value)
}

/// A fee in yen: empty or 0 means none.
fn fee(check: &mut Check, key: &str, raw: &str, request_type: RequestType) -> Option<Fee> {
    let value = kit::input::normalize_code(raw);
    let value = value.trim_end_matches('円');
    if value.is_empty() {
        return None;
    }
    match value.parse::<u32>() {
        Ok(0) => None,
        Ok(amount) if amount <= 100_000 => Some(Fee { request_type, amount_yen: amount, note: None }),
        Ok(_) => {
            check.fail(key, Problem::TooLong);
            None
        }
        Err(_) => {
            check.fail(key, Problem::Digits);
            None
        }
    }
}

/// The ways to pay the procedure form asks about, each an instructions box: empty means
/// the way is not offered.
pub const PAYMENT_KINDS: [PaymentKind; 3] = [PaymentKind::BankTransfer, PaymentKind::RegisteredMail, PaymentKind::CounterCash];

pub fn payment_field(kind: PaymentKind) -> &'static str {
    match kind {
        PaymentKind::BankTransfer => "pay_bank_transfer",
        PaymentKind::RegisteredMail => "pay_registered_mail",
        PaymentKind::CounterCash => "pay_counter_cash",
    }
}

/// The request types whose fee the procedure form asks for (38条 allows no others).
pub const FEE_TYPES: [RequestType; 3] =
    [RequestType::PurposeNotice, RequestType::Disclosure, RequestType::ThirdPartyRecordDisclosure];

pub fn fee_field(request_type: RequestType) -> &'static str {
    match request_type {
        RequestType::PurposeNotice => "fee_purpose_notice",
        RequestType::ThirdPartyRecordDisclosure => "fee_provision_record",
        _ => "fee_disclosure",
    }
}

/// One posted editor form as an [`Edit`]. A malformed post (no such section or
/// operation, an index that is not a number) is a bad request; a person's mistakes are
/// field problems under [`field_key`].
pub fn parse(fields: &Fields) -> Result<Edit, AppError> {
    let section = Section::from_code(get(fields, "section")).ok_or(AppError::BadRequest)?;
    let index = index_of(get(fields, "index"))?;
    let area = match section {
        Section::Use => Some(index_of(get(fields, "area"))?.ok_or(AppError::BadRequest)?),
        _ => None,
    };
    let op = get(fields, "op");
    if op != "save" {
        let list = match section {
            Section::Category => List::Categories,
            Section::Area => List::PurposeAreas,
            Section::Use => List::Uses(area.unwrap_or_default()),
            Section::Exception => List::Exceptions,
            Section::Measure => List::SafetyMeasures,
            Section::Delivery => List::DeliveryMethods,
            _ => return Err(AppError::BadRequest),
        };
        let index = index.ok_or(AppError::BadRequest)?;
        return match op {
            "up" => Ok(Edit::Move { list, index, up: true }),
            "down" => Ok(Edit::Move { list, index, up: false }),
            "remove" => Ok(Edit::Remove { list, index }),
            _ => Err(AppError::BadRequest),
        };
    }
    let key = |field: &str| field_key(section, area, index, field);
    let mut check = Check::default();
    let line = |check: &mut Check, field: &str| single(check, &key(field), get(fields, field));
    let edit = match section {
        Section::Society => Edit::Society(SocietyProfile {
            name: line(&mut check, "name"),
            postal_code: line(&mut check, "postal_code"),
            address: line(&mut check, "address"),
            representative: line(&mut check, "representative"),
            phone: line(&mut check, "phone"),
            sample_notice: optional(&mut check, &key("sample_notice"), get(fields, "sample_notice")),
        }),
        Section::Intro => Edit::Intro {
            title: line(&mut check, "title"),
            purposes_intro: text(&mut check, &key("purposes_intro"), get(fields, "purposes_intro")),
            notes: lines(&mut check, &key("notes"), get(fields, "notes"), false),
            exceptions_intro: text(&mut check, &key("exceptions_intro"), get(fields, "exceptions_intro")),
        },
        Section::Category => Edit::Category {
            index,
            name: line(&mut check, "name"),
            purposes: lines(&mut check, &key("purposes"), get(fields, "purposes"), true),
        },
        Section::Area => Edit::Area { index, name: line(&mut check, "name") },
        Section::Use => {
            let text = line(&mut check, "text");
            let kind = match get(fields, "kind") {
                "internal" => UseKind::Internal,
                "outsourced" => UseKind::Outsourced,
                "provision_by_law" => UseKind::ProvisionByLaw { basis: line(&mut check, "basis") },
                "provision_with_consent" => UseKind::ProvisionWithConsent { consent: line(&mut check, "consent") },
                "joint_use" => UseKind::JointUse(JointUse {
                    items: lines(&mut check, &key("items"), get(fields, "items"), true),
                    joint_users: line(&mut check, "joint_users"),
                    purpose: line(&mut check, "purpose"),
                    responsible_party: ResponsibleParty {
                        name: line(&mut check, "rp_name"),
                        address: line(&mut check, "rp_address"),
                        representative: line(&mut check, "rp_representative"),
                    },
                }),
                _ => {
                    check.fail(&key("kind"), Problem::Choice);
                    UseKind::Internal
                }
            };
            Edit::Use { area: area.unwrap_or_default(), index, item: RecipientUse { text, kind } }
        }
        Section::Exception => Edit::Exception { index, text: text(&mut check, &key("text"), get(fields, "text")) },
        Section::Measure => Edit::Measure {
            index,
            title: line(&mut check, "title"),
            body: text(&mut check, &key("body"), get(fields, "body")),
        },
        Section::Delivery => Edit::Delivery {
            index,
            name: line(&mut check, "name"),
            kind: MethodKind::from_code(get(fields, "kind")).unwrap_or_else(|| {
                check.fail(&key("kind"), Problem::Choice);
                MethodKind::Paper
            }),
            description: text(&mut check, &key("description"), get(fields, "description")),
        },
        Section::Procedure => Edit::Procedure {
            description: text(&mut check, &key("description"), get(fields, "description")),
            inquiry: line(&mut check, "inquiry"),
            identity_documents: lines(&mut check, &key("identity_documents"), get(fields, "identity_documents"), true),
            fees: FEE_TYPES
                .into_iter()
                .filter_map(|rt| fee(&mut check, &key(fee_field(rt)), get(fields, fee_field(rt)), rt))
                .collect(),
            payment_methods: PAYMENT_KINDS
                .into_iter()
                .filter_map(|kind| {
                    let instructions = optional_text(&mut check, &key(payment_field(kind)), get(fields, payment_field(kind)));
                    (!instructions.is_empty()).then_some(PaymentMethod { kind, instructions })
                })
                .collect(),
            no_electronic_reason: optional_text(
                &mut check,
                &key("no_electronic_reason"),
                get(fields, "no_electronic_reason"),
            ),
        },
        Section::Desk => Edit::Desk(ComplaintDesk {
            name: line(&mut check, "name"),
            postal_code: line(&mut check, "postal_code"),
            address: line(&mut check, "address"),
            phone: line(&mut check, "phone"),
            hours: line(&mut check, "hours"),
        }),
    };
    check.finish()?;
    Ok(edit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::publication::diff::tests::sample;
    use crate::publication::editing::testing::{edit, form, problems};

    #[test]
    fn the_text_is_kept_as_typed_with_its_full_width_brackets() {
        let mut p = sample();
        edit(&mut p, &[("section", "category"), ("op", "save"), ("name", "資格（被扶養者を含む）"), ("purposes", "保険給付の実施（オンライン資格確認）\u{7}\r\n")])
            .unwrap();
        let added = p.categories.last().unwrap();
        assert_eq!(added.name, "資格（被扶養者を含む）");
        assert_eq!(added.purposes, ["保険給付の実施（オンライン資格確認）"]);
    }

    #[test]
    fn a_joint_use_needs_every_item_of_27_5_3() {
        let mut p = sample();
        let e = edit(
            &mut p,
            &[("section", "use"), ("op", "save"), ("area", "0"), ("text", "健保連との共同利用"), ("kind", "joint_use"),
              ("items", "氏名\n生年月日"), ("joint_users", "健保連"), ("purpose", ""), ("rp_name", "当組合"),
              ("rp_address", ""), ("rp_representative", "理事長")],
        )
        .unwrap_err();
        assert_eq!(
            problems(e),
            vec![("use.0.new.purpose".into(), Problem::Required), ("use.0.new.rp_address".into(), Problem::Required)]
        );
        edit(
            &mut p,
            &[("section", "use"), ("op", "save"), ("area", "0"), ("text", "健保連との共同利用"), ("kind", "joint_use"),
              ("items", "氏名\n生年月日"), ("joint_users", "健保連"), ("purpose", "高額医療の共同事業"), ("rp_name", "当組合"),
              ("rp_address", "東京都"), ("rp_representative", "理事長")],
        )
        .unwrap();
        let added = p.purpose_areas[0].uses.last().unwrap();
        assert!(matches!(&added.kind, UseKind::JointUse(j) if j.items == ["氏名", "生年月日"]));
    }

    #[test]
    fn fees_are_read_for_the_three_types_38_allows_and_zero_means_none() {
        let mut p = sample();
        edit(
            &mut p,
            &[("section", "procedure"), ("op", "save"), ("description", "手続の説明"), ("inquiry", "業務課"),
              ("identity_documents", "運転免許証\nマイナンバーカード"), ("fee_disclosure", "５００円"),
              ("fee_purpose_notice", "0"), ("fee_provision_record", ""), ("pay_counter_cash", "業務課の窓口で")],
        )
        .unwrap();
        assert_eq!(p.procedure.payment_methods, vec![PaymentMethod { kind: PaymentKind::CounterCash, instructions: "業務課の窓口で".into() }]);
        assert_eq!(p.fee_for(RequestType::Disclosure), 500);
        assert_eq!(p.fee_for(RequestType::PurposeNotice), 0);
        assert_eq!(p.procedure.fees.len(), 1);
        let e = edit(&mut p, &[("section", "procedure"), ("op", "save"), ("description", "x"), ("inquiry", "x"),
            ("identity_documents", "x"), ("fee_disclosure", "三百")]).unwrap_err();
        assert_eq!(problems(e), vec![("procedure.new.fee_disclosure".into(), Problem::Digits)]);
        // A fee with no way to pay it is refused at the first way's box, and nothing changes.
        let before = p.clone();
        let e = edit(&mut p, &[("section", "procedure"), ("op", "save"), ("description", "x"), ("inquiry", "x"),
            ("identity_documents", "x"), ("fee_disclosure", "300")]).unwrap_err();
        assert_eq!(problems(e), vec![("procedure.new.pay_bank_transfer".into(), Problem::NoPaymentMethod)]);
        assert_eq!(p, before);
    }

    #[test]
    fn malformed_posts_are_bad_requests() {
        for pairs in [
            vec![("section", "nope"), ("op", "save")],
            vec![("section", "category"), ("op", "explode"), ("index", "0")],
            vec![("section", "category"), ("op", "remove")],
            vec![("section", "category"), ("op", "save"), ("index", "-1")],
            vec![("section", "use"), ("op", "save")],
            vec![("section", "society"), ("op", "remove"), ("index", "0")],
        ] {
            assert_eq!(parse(&form(&pairs)), Err(AppError::BadRequest), "{pairs:?}");
        }
    }

    #[test]
    fn every_section_round_trips_through_its_form() {
        let mut p = sample();
        let society = [("section", "society"), ("op", "save"), ("name", "新名称健康保険組合"), ("postal_code", "100-0001"),
            ("address", "東京都千代田区"), ("representative", "理事長 新"), ("phone", "03-0000-0000"), ("sample_notice", "")];
        edit(&mut p, &society).unwrap();
        assert_eq!((p.society.name.as_str(), p.society.sample_notice.clone()), ("新名称健康保険組合", None));
        edit(&mut p, &[("section", "desk"), ("op", "save"), ("name", "窓口"), ("postal_code", "1"), ("address", "a"),
            ("phone", "0"), ("hours", "平日")]).unwrap();
        assert_eq!(p.complaint_desk.hours, "平日");
        edit(&mut p, &[("section", "intro"), ("op", "save"), ("title", "公表事項"), ("purposes_intro", "段落1\n\n段落2"),
            ("notes", "※注1\n※注2"), ("exceptions_intro", "例外")]).unwrap();
        assert_eq!((p.purposes_intro.as_str(), p.categories_notes.len()), ("段落1\n\n段落2", 2));
        edit(&mut p, &[("section", "exception"), ("op", "save"), ("text", "新しい例外")]).unwrap();
        edit(&mut p, &[("section", "measure"), ("op", "save"), ("title", "外的環境の把握"), ("body", "国内のみで保管")]).unwrap();
        assert_eq!(p.safety_measures.last().map(|m| m.kind.as_str()), Some("other"));
        edit(&mut p, &[("section", "delivery"), ("op", "save"), ("name", "窓口での交付"), ("kind", "paper"), ("description", "来所")]).unwrap();
        edit(&mut p, &[("section", "area"), ("op", "save"), ("name", "新しい区分")]).unwrap();
        let area = (p.purpose_areas.len() - 1).to_string();
        edit(&mut p, &[("section", "use"), ("op", "save"), ("area", &area), ("text", "求償"), ("kind", "provision_by_law"),
            ("basis", "健康保険法第57条")]).unwrap();
        assert_eq!(p.validate(), Ok(()));
    }
}
