//! The words of passkeys: on the enrolment page, the sign-in pages and the passkeys page.
//! Japanese first; plain words (a passkey is "the phone's fingerprint, face or PIN").

kit::catalogue! {
    /// The passkey words.
    PkText, pk_text;
    enrol_heading: "指紋・顔認証で設定する（おすすめ）", "Set up with your fingerprint or face (recommended)";
    enrol_lead: "このスマートフォンやパソコンの指紋・顔認証・画面ロックの暗証番号（PIN）で、ログインできるようにします。アプリの追加やコードの入力はいりません。", "Sign in with this phone's or computer's fingerprint, face or screen-lock PIN. No app to add and no code to type.";
    enrol_button: "指紋・顔認証を設定する（パスキー）", "Set up fingerprint or face (passkey)";
    enrol_or_app: "指紋・顔認証を使わない場合は、次の認証アプリで設定してください。", "If you do not use your fingerprint or face, set up an authenticator app below.";
    sign_in_button: "指紋・顔認証でログイン（パスキー）", "Sign in with fingerprint or face (passkey)";
    sign_in_hint: "登録した端末の指紋・顔認証・画面ロックの暗証番号（PIN）だけでログインできます。", "With a passkey set up, your fingerprint, face or screen-lock PIN is all you need.";
    confirm_button: "指紋・顔認証で確認する（パスキー）", "Confirm with fingerprint or face (passkey)";
    confirm_hint: "パスキーを登録した端末なら、指紋・顔認証・画面ロックの暗証番号（PIN）だけで確認できます。", "On a device with your passkey, your fingerprint, face or screen-lock PIN is enough.";
    or_password_confirm: "パスワードで確認する場合は、次に入力してください。", "Or confirm with your password below.";
    or_password: "パスワードでログインする場合は、次に入力してください。", "Or sign in with your password below.";
    working: "画面の案内に従ってください。", "Follow the instructions on the screen.";
    failed: "うまくいきませんでした。もう一度お試しいただくか、下の方法でお進みください。", "That did not work. Try again, or use the way below.";
    title: "指紋・顔認証（パスキー）", "Fingerprint or face (passkeys)";
    lead: "指紋・顔認証・画面ロックの暗証番号（PIN）でログインできる端末（パスキー）の一覧です。使わなくなった端末のものは削除してください。", "The devices (passkeys) that let you sign in with a fingerprint, face or screen-lock PIN. Remove the ones you no longer use.";
    none: "まだ登録されていません。", "None yet.";
    added_on: "登録日時", "Added";
    last_used: "最後に使った日時", "Last used";
    never_used: "まだ使っていません", "Not used yet";
    remove: "削除する", "Remove";
    add_button: "この端末を追加する", "Add this device";
    add_note: "追加や削除の前に、パスワードと確認コードの再確認を求めることがあります。", "You may be asked for your password and code again before adding or removing one.";
    added: "登録しました。次回から指紋・顔認証でログインできます。", "Added. Next time you can sign in with your fingerprint or face.";
    removed: "削除しました。", "Removed.";
    item: "パスキー", "Passkey";
    go_passkeys: "指紋・顔認証でのログイン（パスキー）", "Signing in with fingerprint or face (passkeys)";
    lost: "端末をなくしたときは、「認証アプリをなくした場合」と同じ手続きで設定し直せます。", "If you lose the device, set up again the same way as for a lost authenticator app.";
}
