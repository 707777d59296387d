//! The record's vocabulary: every action an event records and every category of data it
//! touches, each with its stored code and the words people read for it (a member's
//! アクセス履歴, the auditor's search, the 開示 package). This is the one list.
//!
//! The codes are in the MAC and the hash chain of every event already written, so a code
//! never changes: rename a variant freely, never its code (the tests pin some).

/// What an event records (the `action` column).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    // Members' sign-in, account and sessions.
    AccountRegistered,
    AccountView,
    AccountClosed,
    LoginSucceeded,
    LoginFailed,
    LoginThrottled,
    Logout,
    StepUpSucceeded,
    StepUpFailed,
    SessionList,
    SessionRevoke,
    SessionInvalid,
    LoginIdSet,
    EmailVerificationSent,
    EmailVerificationRefused,
    EmailVerified,
    SecondFactorEnrolled,
    SecondFactorRefused,
    SecondFactorRestarted,
    PasskeyAdded,
    PasskeyRemoved,
    PasskeyRefused,
    RecoveryCodesRegenerated,
    PasswordReset,
    PasswordResetRefused,
    PasswordChanged,
    PasswordChangeRefused,
    RecoveryCodesStored,
    LetterRequestDeclined,
    LetterIssued,
    CodeRefused,
    // Refusals at the door.
    Guard,
    GuardStepUp,
    CsrfRefused,
    StaffAreaAddressRefused,
    // Staff accounts and grants.
    StaffSetup,
    StaffSetupRefused,
    StaffLoginSucceeded,
    StaffLoginFailed,
    StaffLogout,
    StaffAdded,
    StaffLeft,
    GrantEnded,
    GrantReviewed,
    // Staff helping members, letters by post.
    StaffMemberLookup,
    StaffIdentityChecked,
    LettersList,
    LetterPrint,
    LetterView,
    LetterPosted,
    // The registry (資格情報).
    RegistryView,
    RegistryImport,
    // Requests.
    RequestForm,
    RequestSubmit,
    RequestList,
    RequestView,
    RequestAttachment,
    RequestAct,
    RequestIntake,
    RequestEscalate,
    RequestEscalationAcknowledge,
    RequestLetter,
    RequestQueue,
    RequestExport,
    RequestAssign,
    RequestDecide,
    RequestReview,
    RequestApprove,
    RequestSendBack,
    ReportView,
    // Carrying a decision out: the 開示 package, 訂正 instructions, 利用停止等.
    PackageView,
    PackageStart,
    PackageExclude,
    PackageInclude,
    PackageFile,
    PackageFileAdd,
    PackageFileReplace,
    PackageFileWithdraw,
    PackageTicket,
    PackageDownload,
    PackagePosted,
    PackageArchive,
    // 再交付: a 開示 result carried out again after its download period ended.
    PackageReissuePrepare,
    PackageReissueApprove,
    PackageReissueCancel,
    CorrectionInstruct,
    CorrectionList,
    CorrectionExport,
    CorrectionDone,
    CorrectionConflict,
    CorrectionConflictResolve,
    RestrictionMark,
    ErasureCarryOut,
    AttachmentMyNumberErase,
    /// 38条: a fee's payment or waiver recorded.
    FeeRecord,
    /// The fee's letter (案内) or 領収書 read.
    FeePaper,
    // レセプトの開示: the 照会 to each 医療機関.
    ReceiptInquiryView,
    ReceiptInquiryCreate,
    ReceiptInquiryAnswer,
    ReceiptInquiryLetter,
    // The 公表事項.
    PublicationPublish,
    PublicationDraftCreate,
    PublicationDraftEdit,
    PublicationDraftApprove,
    PublicationDraftDiscard,
    /// 17条2項・18条1項: the answer on a purpose a draft adds or rewords.
    PublicationPurposeAnswer,
    PublicationAcknowledge,
    // The third-party provision ledger (第三者提供記録).
    ProvisionList,
    ProvisionRecord,
    ProvisionImport,
    // 医療費のお知らせ.
    NoticeImport,
    NoticeView,
    NoticeStatement,
    NoticeExport,
    NoticeDisplayChoice,
    NoticeSharingView,
    // The record itself, and disposal.
    AccessHistoryView,
    AuditSearch,
    AuditExport,
    AuditVerify,
    RetentionDispose,
}

kit::codes!(Action {
    AccountRegistered => "account.registered": "アカウントを登録しました", "Registered the account",
    AccountView => "account.view": "アカウントのページで登録情報を確認しました", "Looked at the registered details on the account page",
    AccountClosed => "account.closed": "アカウントを閉じました", "Closed the account",
    LoginSucceeded => "login.succeeded": "ログインしました", "Signed in",
    LoginFailed => "login.failed": "ログインに失敗しました", "A sign-in failed",
    LoginThrottled => "login.throttled": "失敗が続いたため、ログインをしばらく止めました", "Paused sign-in after repeated failures",
    Logout => "logout": "ログアウトしました", "Signed out",
    StepUpSucceeded => "step_up.succeeded": "パスワードと確認コードを再確認しました", "Confirmed the password and code again",
    StepUpFailed => "step_up.failed": "パスワードと確認コードの再確認に失敗しました", "A confirmation of the password and code failed",
    SessionList => "session.list": "ログイン中の端末を確認しました", "Looked at the devices signed in",
    SessionRevoke => "session.revoke": "ログイン中の端末をログアウトさせました", "Signed a device out",
    SessionInvalid => "session.invalid": "どのログインにも当たらない接続を拒否しました", "Refused a cookie that matches no sign-in",
    LoginIdSet => "login_id.set": "ログインIDを設定しました", "Set the sign-in ID",
    EmailVerificationSent => "email.verification_sent": "メールアドレスの確認メールを送りました", "Sent an email to confirm the address",
    EmailVerificationRefused => "email.verification_refused": "メールアドレスの確認を受け付けませんでした", "Refused an email address confirmation",
    EmailVerified => "email.verified": "メールアドレスを確認しました", "Confirmed the email address",
    SecondFactorEnrolled => "second_factor.enrolled": "認証アプリを設定しました", "Set up the authenticator app",
    SecondFactorRefused => "second_factor.refused": "認証アプリの設定を受け付けませんでした", "Refused an authenticator app set-up",
    SecondFactorRestarted => "second_factor.restarted": "認証アプリの設定をやり直しました", "Started the authenticator app set-up again",
    PasskeyAdded => "passkey.added": "パスキーを登録しました", "Added a passkey",
    PasskeyRemoved => "passkey.removed": "パスキーを削除しました", "Removed a passkey",
    PasskeyRefused => "passkey.refused": "パスキーを受け付けませんでした", "Refused a passkey",
    RecoveryCodesRegenerated => "recovery_codes.regenerated": "回復コードを新しく発行しました", "Issued new recovery codes",
    PasswordReset => "password.reset": "パスワードを再設定しました", "Reset the password",
    PasswordResetRefused => "password_reset.refused": "パスワードの再設定を受け付けませんでした", "Refused a password reset",
    PasswordChanged => "password.changed": "パスワードを変更しました", "Changed the password",
    PasswordChangeRefused => "password_change.refused": "パスワードの変更を受け付けませんでした（現在のパスワードが違う）", "Refused a password change (wrong current password)",
    RecoveryCodesStored => "recovery_codes.stored": "回復コードを保管したと確認しました", "Confirmed the recovery codes are kept safe",
    LetterRequestDeclined => "letter.request_declined": "確認コードの書面のお申し込みを受け付けませんでした", "Declined a request for a letter with a confirmation code",
    LetterIssued => "letter.issued": "郵送する書面（確認コード）を作成しました", "Prepared a letter (confirmation code) for you",
    CodeRefused => "code.refused": "確認コードを受け付けませんでした", "Refused a confirmation code",
    Guard => "guard": "権限のない操作を拒否しました", "Refused a call without the access it needs",
    GuardStepUp => "guard.step_up": "パスワードと確認コードの再確認を求めました", "Asked for the password and code again before going on",
    CsrfRefused => "csrf.refused": "ほかのサイトからの送信を拒否しました", "Refused a form sent from another site",
    StaffAreaAddressRefused => "staff_area.address_refused": "許可されていないネットワークからの職員画面への接続を拒否しました", "Refused the staff area to a network not allowed",
    StaffSetup => "staff.setup": "職員アカウントの設定を始めました", "Began setting up a staff account",
    StaffSetupRefused => "staff.setup_refused": "職員アカウントの設定を受け付けませんでした", "Refused a staff account set-up",
    StaffLoginSucceeded => "staff.login_succeeded": "職員がログインしました", "A staff member signed in",
    StaffLoginFailed => "staff.login_failed": "職員のログインに失敗しました", "A staff sign-in failed",
    StaffLogout => "staff.logout": "職員がログアウトしました", "A staff member signed out",
    StaffAdded => "staff.added": "職員を登録しました", "Added a staff member",
    StaffLeft => "staff.left": "職員の退職日を記録しました", "Recorded a staff member's leaving date",
    GrantEnded => "grant.ended": "職員の権限を終了しました", "Ended a staff member's access",
    GrantReviewed => "grant.reviewed": "職員の権限を見直しました", "Reviewed a staff member's access",
    StaffMemberLookup => "staff.member_lookup": "窓口・電話でのお手伝いのため、登録情報を確認しました", "Looked up your registration to help you at the counter or by phone",
    StaffIdentityChecked => "staff.identity_checked": "窓口で本人確認をして、認証アプリの再設定を行いました", "Checked your identity at the counter and reset your authenticator app",
    LettersList => "letters.list": "郵送を待つ書面（宛先を含む）を確認しました", "Looked at the letters waiting to be posted (addresses included)",
    LetterPrint => "letter.print": "郵送する書面を宛名付きで印刷しました", "Printed a letter addressed to you",
    LetterView => "letter.view": "郵送する書面（宛名とコード）を確認しました", "Looked at a letter to be posted to you (address and code)",
    LetterPosted => "letter.posted": "書面を郵送しました", "Posted a letter to you",
    RegistryView => "registry.view": "登録情報（資格・住所など）を確認しました", "Looked at your registered details (coverage, address)",
    RegistryImport => "registry.import": "基幹システムから登録情報を取り込みました", "Imported registered details from the core system",
    RequestForm => "request.form": "お申し出の入力のため、登録情報を確認しました", "Looked at the registered details to fill in a request",
    RequestSubmit => "request.submit": "お申し出を送信しました", "Submitted a request",
    RequestList => "request.list": "お申し出の一覧を確認しました", "Looked at the list of requests",
    RequestView => "request.view": "お申し出の内容を確認しました", "Read your request",
    RequestAttachment => "request.attachment": "お申し出の添付書類を確認しました", "Opened a document attached to your request",
    RequestAct => "request.act": "お申し出の手続を進めました", "Worked on your request",
    RequestIntake => "request.intake": "紙・窓口のお申し出を受け付けました", "Entered your paper or counter request",
    RequestEscalate => "request.escalate": "漏えい等のおそれがある苦情を責任者に報告しました", "Reported a complaint suggesting a leak to the officer in charge",
    RequestEscalationAcknowledge => "request.escalation_acknowledge": "責任者が苦情の報告を確認しました", "The officer in charge acknowledged the reported complaint",
    RequestLetter => "request.letter": "お申し出への回答書を確認しました", "Read the answer letter to your request",
    RequestQueue => "request.queue": "職員がお申し出の一覧を確認しました", "Looked at the staff's list of requests",
    RequestExport => "request.export": "お申し出の一覧をCSVで書き出しました", "Exported the list of requests as CSV",
    RequestAssign => "request.assign": "お申し出の担当者と優先度を決めました", "Assigned your request and set its priority",
    RequestDecide => "request.decide": "お申し出への決定を記録しました", "Recorded the decision on your request",
    RequestReview => "request.review": "お申し出への決定を確認しました", "Reviewed the decision on your request",
    RequestApprove => "request.approve": "お申し出への決定を承認しました", "Approved the decision on your request",
    RequestSendBack => "request.send_back": "お申し出への決定を差し戻しました", "Sent the decision on your request back",
    ReportView => "report.view": "お申し出の集計を確認しました", "Looked at the request reports",
    PackageView => "package.view": "開示する資料を確認しました", "Looked at the disclosure package",
    PackageStart => "package.start": "開示する資料の作成を始めました", "Began preparing the disclosure package",
    PackageExclude => "package.exclude": "開示する資料から一部を除きました", "Left part out of the disclosure package",
    PackageInclude => "package.include": "除いた部分を開示する資料に戻しました", "Put a part back into the disclosure package",
    PackageFile => "package.file": "開示する資料のファイルを扱いました", "Handled a file of the disclosure package",
    PackageFileAdd => "package.file.add": "開示する資料にファイルを加えました", "Added a file to the disclosure package",
    PackageFileReplace => "package.file.replace": "開示する資料のファイルを差し替えました", "Replaced a file of the disclosure package",
    PackageFileWithdraw => "package.file.withdraw": "開示する資料からファイルを取り下げました", "Withdrew a file from the disclosure package",
    PackageTicket => "package.ticket": "開示資料のダウンロードを用意しました", "Prepared a download of the disclosure package",
    PackageDownload => "package.download": "開示資料をダウンロードしました", "Downloaded the disclosure package",
    PackagePosted => "package.posted": "開示資料を郵送しました", "Posted the disclosure package",
    PackageArchive => "package.archive": "開示資料の控えを取り出しました", "Took out the kept copy of the disclosure package",
    PackageReissuePrepare => "package.reissue.prepare": "開示資料の再交付を準備しました", "Prepared a re-issue of the disclosure package",
    PackageReissueApprove => "package.reissue.approve": "開示資料の再交付を承認しました", "Approved a re-issue of the disclosure package",
    PackageReissueCancel => "package.reissue.cancel": "開示資料の再交付の準備を取り消しました", "Cancelled a prepared re-issue of the disclosure package",
    CorrectionInstruct => "correction.instruct": "登録情報の訂正を基幹システムに指示しました", "Instructed the core system to correct your registered details",
    CorrectionList => "correction.list": "訂正の指示を確認しました", "Looked at the correction instructions",
    CorrectionExport => "correction.export": "訂正の指示を書き出しました", "Exported the correction instructions",
    CorrectionDone => "correction.done": "基幹システムで訂正されたことを確認しました", "Confirmed the correction in the core system",
    CorrectionConflict => "correction.conflict": "訂正の指示と基幹システムの値が食い違っていました", "Found the core system's value differing from the correction instructed",
    CorrectionConflictResolve => "correction.conflict.resolve": "訂正の食い違いを解消しました", "Resolved a difference in a correction",
    RestrictionMark => "restriction.mark": "利用停止等の措置を記録しました", "Recorded a stop of use (or a like measure) on your data",
    ErasureCarryOut => "erasure.carry_out": "ご請求によりあなたの情報を消去しました", "Erased your data as you asked",
    AttachmentMyNumberErase => "attachment.my_number_erase": "個人番号（マイナンバー）が記載された提出書類を削除しました", "Deleted a document you sent because it showed your My Number",
    FeeRecord => "fee.record": "お申し出の手数料のお支払い（または免除）を記録しました", "Recorded the payment (or waiver) of your request's fee",
    FeePaper => "fee.paper": "手数料のご案内・領収書を確認しました", "Read the fee letter or receipt",
    ReceiptInquiryView => "receipt_inquiry.view": "レセプトの開示について、医療機関への照会を確認しました", "Looked at the inquiries to medical institutions about disclosing your medical claims",
    ReceiptInquiryCreate => "receipt_inquiry.create": "レセプトの開示について、医療機関への照会を作成しました", "Created an inquiry to a medical institution about disclosing your medical claims",
    ReceiptInquiryAnswer => "receipt_inquiry.answer": "医療機関からの照会の回答を記録しました", "Recorded a medical institution's answer to the inquiry",
    ReceiptInquiryLetter => "receipt_inquiry.letter": "医療機関への照会書を表示しました", "Displayed the inquiry letter to a medical institution",
    PublicationPublish => "publication.publish": "公表事項を公表しました", "Published the privacy notice",
    PublicationDraftCreate => "publication.draft.create": "公表事項の案を作成しました", "Drafted a privacy notice",
    PublicationDraftEdit => "publication.draft.edit": "公表事項の案を編集しました", "Edited a privacy notice draft",
    PublicationDraftApprove => "publication.draft.approve": "公表事項の案を承認しました", "Approved a privacy notice draft",
    PublicationDraftDiscard => "publication.draft.discard": "公表事項の案を取り下げました", "Discarded a privacy notice draft",
    PublicationPurposeAnswer => "publication.purpose.answer": "公表事項の案で変更した利用目的について、変更前の利用目的との関連性（同意の要否）の判断を記録しました", "Recorded whether a purpose changed in a privacy notice draft stays related to the purposes before (or needs consent)",
    PublicationAcknowledge => "publication.acknowledge": "公表事項の変更のお知らせを確認しました", "Acknowledged a change of the privacy notice",
    ProvisionList => "provision.list": "第三者提供記録を確認しました", "Looked at the third-party provision records",
    ProvisionRecord => "provision.record": "第三者への提供（第三者からの受領）を記録しました", "Recorded a provision of data to (or receipt from) a third party",
    ProvisionImport => "provision.import": "第三者提供記録を取り込みました", "Imported third-party provision records",
    NoticeImport => "notice.import": "医療費のお知らせを取り込みました", "Imported medical cost notices",
    NoticeView => "notice.view": "医療費のお知らせを確認しました", "Looked at the medical cost notice",
    NoticeStatement => "notice.statement": "医療費控除の明細を確認しました", "Looked at the statement for a medical expense deduction",
    NoticeExport => "notice.export": "医療費控除の明細をダウンロードしました", "Downloaded the statement for a medical expense deduction",
    NoticeDisplayChoice => "notice.display_choice": "医療費のお知らせを家族に表示するかの選択を記録しました", "Recorded the choice of showing the medical cost notices to the household",
    NoticeSharingView => "notice.sharing_view": "医療費のお知らせの家族への表示を確認しました", "Looked at how the medical cost notices are shown to the household",
    AccessHistoryView => "access_history.view": "アクセス履歴を確認しました", "Looked at the access history",
    AuditSearch => "audit.search": "監査記録を検索しました", "Searched the audit record",
    AuditExport => "audit.export": "監査記録を書き出しました", "Exported the audit record",
    AuditVerify => "audit.verify": "監査記録を検証しました", "Verified the audit record",
    RetentionDispose => "retention.dispose": "保存期間を過ぎた記録を廃棄しました", "Disposed of records past their retention period",
});

/// The category of data an event read or changed (the `data_category` column).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DataCategory {
    Account,
    Audit,
    /// Consents and choices, e.g. showing the notices to the household.
    Consent,
    DisclosurePackage,
    Notices,
    /// 第三者提供記録.
    Provision,
    /// 公表事項.
    Publication,
    /// 資格情報.
    Registry,
    Request,
    RequestAttachment,
    /// 廃棄記録.
    Retention,
    Staff,
}

kit::codes!(DataCategory {
    Account => "account": "アカウント", "Account",
    Audit => "audit": "監査記録", "Audit record",
    Consent => "consent": "同意・表示の選択", "Consents and choices",
    DisclosurePackage => "disclosure_package": "開示資料", "Disclosure package",
    Notices => "notices": "医療費のお知らせ", "Medical cost notices",
    Provision => "provision": "第三者提供記録", "Third-party provision records",
    Publication => "publication": "公表事項", "Privacy notice",
    Registry => "registry": "登録情報（資格・住所など）", "Registered details (coverage, address)",
    Request => "request": "お申し出", "Requests",
    RequestAttachment => "request_attachment": "お申し出の添付書類", "Documents attached to requests",
    Retention => "retention": "廃棄記録", "Disposal records",
    Staff => "staff": "職員", "Staff",
});

#[cfg(test)]
mod tests {
    use super::*;
    use kit::i18n::Lang;
    use std::collections::HashSet;

    #[test]
    fn every_code_round_trips_and_is_unique() {
        let mut seen = HashSet::new();
        for &a in Action::ALL.iter() {
            assert_eq!(Action::from_code(a.code()), Some(a), "{a:?}");
            assert!(seen.insert(a.code()), "{} twice", a.code());
            assert!(!a.label(Lang::Ja).is_empty() && !a.label(Lang::En).is_empty(), "{a:?}");
        }
        let mut seen = HashSet::new();
        for &c in DataCategory::ALL.iter() {
            assert_eq!(DataCategory::from_code(c.code()), Some(c), "{c:?}");
            assert!(seen.insert(c.code()), "{} twice", c.code());
            assert!(!c.label(Lang::Ja).is_empty() && !c.label(Lang::En).is_empty(), "{c:?}");
        }
        assert_eq!(Action::from_code("something.new"), None);
        assert_eq!(DataCategory::from_code("Registry"), None);
    }

    /// Stored codes are in every written event's MAC and chain link: these must never move.
    #[test]
    fn stored_codes_stay_what_they_are() {
        for (action, code) in [
            (Action::RegistryView, "registry.view"),
            (Action::RequestSubmit, "request.submit"),
            (Action::Logout, "logout"),
            (Action::Guard, "guard"),
            (Action::GuardStepUp, "guard.step_up"),
            (Action::StaffAreaAddressRefused, "staff_area.address_refused"),
            (Action::PackageFileWithdraw, "package.file.withdraw"),
            (Action::CorrectionConflictResolve, "correction.conflict.resolve"),
            (Action::PublicationDraftApprove, "publication.draft.approve"),
            (Action::PublicationPurposeAnswer, "publication.purpose.answer"),
            (Action::AuditVerify, "audit.verify"),
            (Action::RetentionDispose, "retention.dispose"),
            (Action::LoginSucceeded, "login.succeeded"),
        ] {
            assert_eq!(action.code(), code);
        }
        for (category, code) in [
            (DataCategory::Registry, "registry"),
            (DataCategory::DisclosurePackage, "disclosure_package"),
            (DataCategory::RequestAttachment, "request_attachment"),
            (DataCategory::Notices, "notices"),
            (DataCategory::Provision, "provision"),
        ] {
            assert_eq!(category.code(), code);
        }
    }
}
