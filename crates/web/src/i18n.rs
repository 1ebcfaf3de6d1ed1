//! Every text of the SPA in Japanese and English. One struct, two values: a text missing in
//! either language does not compile.

use cis_shared::Locale;
use leptos::prelude::*;

/// The texts of the screens.
pub struct Texts {
    pub lang_label: &'static str,
    pub university_loading: &'static str,
    pub to_login: &'static str,
    pub note: &'static str,
    pub note_must_read: &'static str,
    pub required: &'static str,

    // manual 2.2: Graduate login
    pub login_title: &'static str,
    pub mail_address: &'static str,
    pub password: &'static str,
    pub second_password: &'static str,
    pub forgot_password: &'static str,
    pub login_notes: [&'static str; 4],
    pub login_button: &'static str,
    pub new_registration: &'static str,
    pub new_registration_text: &'static str,
    pub new_registration_procedure: &'static str,

    pub not_found_title: &'static str,
    pub not_found_text: &'static str,
    pub network_error: &'static str,
}

pub const JA: Texts = Texts {
    lang_label: "LANG",
    university_loading: "読み込み中…",
    to_login: "ログイン画面へ",
    note: "注意事項",
    note_must_read: "！注意事項は必ずお読みください",
    required: "必須",

    login_title: "卒業生ログイン",
    mail_address: "メールアドレス",
    password: "パスワード",
    second_password: "第2パスワード",
    forgot_password: "パスワードを忘れた方はこちら",
    login_notes: [
        "本サイトを離れる際は、必ずログアウトしてブラウザを閉じてください。",
        "ログイン後、一定時間操作がない場合は自動的にログアウトします。",
        "パスワードは定期的に変更してください。",
        "セキュリティ上、ブラウザへのパスワードの保存はお勧めしません。",
    ],
    login_button: "ログイン",
    new_registration: "新規登録",
    new_registration_text: "初めて本サービスをご利用になる方は、こちらから登録してください。",
    new_registration_procedure: "新規登録手続き",

    not_found_title: "ページが見つかりません",
    not_found_text: "お探しのページは存在しないか、移動しました。",
    network_error: "サーバーに接続できません。通信環境をご確認ください。",
};

pub const EN: Texts = Texts {
    lang_label: "LANG",
    university_loading: "Loading…",
    to_login: "To the login screen",
    note: "Note",
    note_must_read: "!Be sure to read the Notes.",
    required: "Required",

    login_title: "Graduate login",
    mail_address: "Mail address",
    password: "Password",
    second_password: "Second password",
    forgot_password: "If you have forgotten your password",
    login_notes: [
        "Be sure to log out and close your browser when you leave this site.",
        "You will log out automatically if you do not make any operation for a while after logging in.",
        "Change your passwords on a regular basis.",
        "Storing your passwords on the browser is not recommended for security reasons.",
    ],
    login_button: "Login",
    new_registration: "New registration",
    new_registration_text: "Register yourself from here if you use this service for the first time.",
    new_registration_procedure: "New registration procedure",

    not_found_title: "Page not found",
    not_found_text: "The page you asked for does not exist or has moved.",
    network_error: "Cannot reach the server. Check your connection.",
};

const STORAGE_KEY: &str = "cis.lang";

/// The language of the screens: chosen with the LANG pull-down, remembered across screens
/// and visits (manual 2.5: "Subsequent screens will be displayed in the selected language").
#[derive(Clone, Copy)]
pub struct I18n {
    locale: RwSignal<Locale>,
}

impl I18n {
    pub fn locale(&self) -> Locale {
        self.locale.get()
    }

    pub fn t(&self) -> &'static Texts {
        match self.locale.get() {
            Locale::Ja => &JA,
            Locale::En => &EN,
        }
    }

    pub fn set(&self, locale: Locale) {
        if let Some(storage) = local_storage() {
            let _ = storage.set_item(STORAGE_KEY, locale.tag());
        }
        self.locale.set(locale);
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The remembered language, else Japanese: the screens open in Japanese as in the manual,
/// whatever the browser's language, and LANG switches them.
fn initial_locale() -> Locale {
    local_storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|tag| Locale::from_tag(&tag))
        .unwrap_or_default()
}

/// Provides the language to every screen and keeps `<html lang>` in step with it.
pub fn provide_i18n() -> I18n {
    let i18n = I18n { locale: RwSignal::new(initial_locale()) };
    provide_context(i18n);
    Effect::new(move |_| {
        let tag = i18n.locale().tag();
        if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
            let _ = root.set_attribute("lang", tag);
        }
    });
    i18n
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// The texts of the registration screens (manual 2.1 steps 3–16).
pub struct RegistrationTexts {
    pub mail_setting_title: &'static str,
    pub check_field: &'static str,
    pub mismatch: &'static str,
    pub mail_notes: [&'static str; 4],
    pub mail_checks_intro: &'static str,
    pub mail_checks: [&'static str; 4],
    pub back: &'static str,
    pub check: &'static str,
    pub sent_title: &'static str,
    pub sent_text: &'static str,
    pub sent_valid_for: &'static str,
    pub minutes: &'static str,
    pub start_again: &'static str,
    pub loading: &'static str,

    pub terms_title: &'static str,
    pub terms: [&'static str; 6],
    pub agree_label: &'static str,
    pub agree: &'static str,

    pub form_title: &'static str,
    pub applicant_section: &'static str,
    pub application_type: &'static str,
    pub type_new: &'static str,
    pub type_reapplication: &'static str,
    pub applicant_name: &'static str,
    pub applicant_kana: &'static str,
    pub birth_date: &'static str,
    pub name_hint: &'static str,
    pub university_section: &'static str,
    pub university_note: &'static str,
    pub school_name: &'static str,
    pub school_kana: &'static str,
    pub school_roman: &'static str,
    pub affiliation: [&'static str; 3],
    pub affiliation_all: &'static str,
    pub choose: &'static str,
    pub degree_program: &'static str,
    pub student_id: &'static str,
    pub matriculation: &'static str,
    pub graduation: &'static str,
    pub completion: &'static str,
    pub graduated: &'static str,
    pub withdrawn: &'static str,
    pub address_section: &'static str,
    pub phone_note: &'static str,
    pub postal_code: &'static str,
    pub prefecture: &'static str,
    pub city: &'static str,
    pub street: &'static str,
    pub apartment: &'static str,
    pub phone: &'static str,
    pub mobile_phone: &'static str,
    pub contact_email: &'static str,
    pub purpose_section: &'static str,
    pub intended_use: &'static str,
    pub submit_to: &'static str,
    pub employer_section: &'static str,
    pub employer_name: &'static str,
    pub document_section: &'static str,
    pub document_note: &'static str,
    pub document_kind: &'static str,
    pub document_kinds: [&'static str; 5],
    pub front_image: &'static str,
    pub back_image: &'static str,
    pub image_shown: &'static str,
    pub uploading: &'static str,
    pub remarks: &'static str,
    pub fix_errors: &'static str,

    pub confirm_title: &'static str,
    pub application_button: &'static str,
    pub none: &'static str,
    pub reception_title: &'static str,
    pub reception_checked: &'static str,
    pub reception_result: &'static str,
    pub reception_number: &'static str,
}

pub const REG_JA: RegistrationTexts = RegistrationTexts {
    mail_setting_title: "メールアドレス設定",
    check_field: "確認",
    mismatch: "メールアドレスと確認用のメールアドレスが一致しません。",
    mail_notes: [
        "「確認」ボタンを押すと、指定のメールアドレスにメールが送信されます。",
        "確認メールに記載されたURLにアクセスし、メールアドレスの設定を完了してください。",
        "確認メールの送信には時間がかかる場合があります。",
        "フリーメールアドレスでは確認メールを受信できない場合があります。",
    ],
    mail_checks_intro: "※30分以上経過しても確認メールが届かない場合は、以下をご確認ください。",
    mail_checks: [
        "入力したメールアドレスに誤りはありませんか。",
        "不要な空白などが入力されていませんか。",
        "半角英数字で入力しましたか。",
        "迷惑メール対策で受信を許可したメールアドレスは正しいですか。",
    ],
    back: "戻る",
    check: "確認",
    sent_title: "確認メール送信",
    sent_text: "確認メールを送信しました。メールに記載されたURLにアクセスし、申請者情報を登録してください。",
    sent_valid_for: "URLの有効期限：",
    minutes: "分",
    start_again: "最初からやり直す",
    loading: "読み込み中…",

    terms_title: "利用許諾",
    terms: [
        "本サービスは、大学の卒業生・修了生等が各種証明書の発行を申し込むためのサービスです。",
        "申請者は、本人の正確な情報を登録してください。虚偽の申請が判明した場合、利用をお断りすることがあります。",
        "登録された個人情報および本人確認書類の画像は、本人確認と証明書の発行のためにのみ利用し、大学が適切に管理します。",
        "パスワードおよび第2パスワードは第三者に知られないよう厳重に管理してください。",
        "証明書の発行には所定の手数料がかかります。",
        "本サービスの内容は予告なく変更または停止することがあります。",
    ],
    agree_label: "上記に同意する",
    agree: "同意する",

    form_title: "申請者情報登録",
    applicant_section: "申請者情報",
    application_type: "申請区分",
    type_new: "新規",
    type_reapplication: "再申請（以前利用していたメールアドレスが使えなくなった等）",
    applicant_name: "申請者氏名",
    applicant_kana: "申請者氏名（カナ）",
    birth_date: "生年月日",
    name_hint: "姓と名の間に空白を入れてください。",
    university_section: "大学情報（在学時の情報）",
    university_note: "【注意】必要な証明書に応じて所属を選択してください。（例：学部の卒業証明書が必要な場合は、卒業した学部を選択）",
    school_name: "在学時氏名",
    school_kana: "在学時氏名（カナ）",
    school_roman: "在学時氏名（ローマ字）",
    affiliation: ["所属（第一選択）", "所属（第二選択）", "所属（第三選択）"],
    affiliation_all: "所属",
    choose: "選択してください",
    degree_program: "課程",
    student_id: "学籍番号",
    matriculation: "入学年月",
    graduation: "卒業（修了）年月",
    completion: "卒業・退学・除籍",
    graduated: "卒業",
    withdrawn: "退学・除籍",
    address_section: "現住所",
    phone_note: "【注意】固定電話と携帯電話のどちらか一方のみお持ちの場合は、「電話番号」と「携帯電話番号」の両方に同じ番号を入力してください。",
    postal_code: "郵便番号",
    prefecture: "都道府県",
    city: "市区町村",
    street: "番地",
    apartment: "建物名・部屋番号",
    phone: "電話番号",
    mobile_phone: "携帯電話番号",
    contact_email: "メールアドレス",
    purpose_section: "証明書の利用目的",
    intended_use: "利用目的",
    submit_to: "提出先",
    employer_section: "勤務先情報（任意）",
    employer_name: "勤務先名",
    document_section: "本人確認書類の写し",
    document_note: "健康保険証をアップロードする場合は、保険者番号、被保険者記号・番号等、QRコード（記載がある場合のみ）をマスキングしてからアップロードしてください。",
    document_kind: "本人確認書類の種類",
    document_kinds: ["運転免許証", "パスポート", "健康保険証", "戸籍謄本・抄本", "写真付き身分証明書"],
    front_image: "本人確認書類の画像（jpeg/gif/png）",
    back_image: "本人確認書類の画像（裏面など）（jpeg/gif/png）",
    image_shown: "添付後に画像が表示されます。氏名・住所・生年月日が読み取れることをご確認ください。",
    uploading: "アップロード中",
    remarks: "備考",
    fix_errors: "入力内容に誤りがあります。赤字の項目をご確認ください。",

    confirm_title: "申請内容確認",
    application_button: "申請",
    none: "（なし）",
    reception_title: "申請受付",
    reception_checked: "申請内容を確認いたします。",
    reception_result: "結果は登録のメールアドレスに後日お送りします。",
    reception_number: "受付番号",
};

pub const REG_EN: RegistrationTexts = RegistrationTexts {
    mail_setting_title: "Mail address setting",
    check_field: "Check",
    mismatch: "The mail address and its check do not match.",
    mail_notes: [
        "Press the \"Check\" button. A confirmation message will be sent to the designated email address.",
        "Access the URL described in the confirmation message and finish by setting your email address.",
        "It may take a while to send the confirmation message.",
        "You may not be able to receive the confirmation message addressed to a free email address.",
    ],
    mail_checks_intro: "*Check the following if you did not receive the confirmation message after 30 minutes:",
    mail_checks: [
        "Is the email address you entered correct?",
        "Did you enter any unnecessary spaces, etc.?",
        "Did you enter single-byte alpha-numerical characters?",
        "Is the email address you added to the exception list for spam emails correct?",
    ],
    back: "Back",
    check: "Check",
    sent_title: "Confirmation mail sent",
    sent_text: "A confirmation mail has been sent. Access the URL in the mail and register the applicant information.",
    sent_valid_for: "The URL is valid for ",
    minutes: " minutes",
    start_again: "Start again",
    loading: "Loading…",

    terms_title: "Permission for use",
    terms: [
        "This service lets graduates and former students of the university apply for official certificates.",
        "Register your own, correct information. An application found to be false may be refused.",
        "The personal information and the identity document images you register are used only to identify you and to issue certificates, and are kept by the university with due care.",
        "Keep your password and second password secret from anyone else.",
        "Certificates are issued for the commission shown.",
        "The service may change or stop without notice.",
    ],
    agree_label: "I agree with the above",
    agree: "Agree",

    form_title: "Applicant information",
    applicant_section: "Applicant information",
    application_type: "Application type",
    type_new: "New",
    type_reapplication: "Reapplication (e.g., email address used in the past is no longer available)",
    applicant_name: "Applicant's name",
    applicant_kana: "Applicant's name in Katakana",
    birth_date: "Birth date",
    name_hint: "Place a space between the family name and first name.",
    university_section: "University information (information when enrolled)",
    university_note: "[Note] Please select the school/graduate school affiliation according to the certificate required. (e.g. If you need a certificate of graduation from the undergraduate program, select the faculty you graduated from.)",
    school_name: "Name when in school",
    school_kana: "Name in Katakana when in school",
    school_roman: "Alphabetical Name when in school",
    affiliation: ["Affiliation (First Selection)", "Affiliation (Second Selection)", "Affiliation (Third Selection)"],
    affiliation_all: "University / Department / Subject",
    choose: "Select",
    degree_program: "Degree Program",
    student_id: "Student ID number",
    matriculation: "Matriculation year and month",
    graduation: "Graduation (Completion) year and month",
    completion: "Graduate/Withdrawal/Removal",
    graduated: "Graduate",
    withdrawn: "Withdrawal/Removal",
    address_section: "Current address",
    phone_note: "[Note] If you only have one type of phone (either landline or cell phone), please enter the same number in both the \"Phone Number\" and \"Cell Phone Number\" fields.",
    postal_code: "Postal code",
    prefecture: "Prefecture",
    city: "City",
    street: "Street and number",
    apartment: "Apartment name and room number",
    phone: "Phone number",
    mobile_phone: "Cell phone number",
    contact_email: "E-mail",
    purpose_section: "Purpose of use of certificate",
    intended_use: "Intended use",
    submit_to: "Place of submission",
    employer_section: "Employer information (Optional)",
    employer_name: "Name of employer",
    document_section: "A copy of your identification documents",
    document_note: "If you upload your insurance card, please mask the insurer number, the symbol/number of the insured person, etc., and the QR code before uploading. (*QR code only if provided)",
    document_kind: "Type of identification document",
    document_kinds: ["Driver's license", "Passport", "Insurance card", "Certificate of family register", "Photo ID"],
    front_image: "Image of an identification document (jpeg/gif/png)",
    back_image: "Image of an identification document (e.g., back side) (jpeg/gif/png)",
    image_shown: "The image file is displayed after being attached. Check that the name, address and birth date are readable.",
    uploading: "Uploading",
    remarks: "Remarks",
    fix_errors: "The input has errors. Check the items in red.",

    confirm_title: "Confirm the application",
    application_button: "Application",
    none: "(none)",
    reception_title: "Application reception",
    reception_checked: "Your application will be checked.",
    reception_result: "The result will be sent to the registered mail address later.",
    reception_number: "Reception number",
};

impl I18n {
    pub fn r(&self) -> &'static RegistrationTexts {
        match self.locale.get() {
            Locale::Ja => &REG_JA,
            Locale::En => &REG_EN,
        }
    }
}

/// The texts of the graduate's session: Password Setting (manual 2.1 steps 21–23), the top
/// page and its ⚙ menu (2.4 (a)), logout and the automatic logout (2.2 Note).
pub struct SessionTexts {
    pub logged_out: &'static str,

    pub password_setting_title: &'static str,
    pub password_confirmation: &'static str,
    pub second_password_confirmation: &'static str,
    pub password_setting_notes: [&'static str; 5],
    pub set: &'static str,
    pub setting_done: &'static str,
    pub setting_available: &'static str,
    pub ok: &'static str,

    pub top_title: &'static str,
    pub menu: &'static str,
    pub menu_top: &'static str,
    pub menu_logout: &'static str,
    pub greeting_before: &'static str,
    pub greeting_after: &'static str,
    pub enrollments: &'static str,

    pub idle_warning: &'static str,
    pub idle_continue: &'static str,

    pub resubmission_reason: &'static str,
}

pub const SESSION_JA: SessionTexts = SessionTexts {
    logged_out: "ログアウトしました。",

    password_setting_title: "パスワード設定",
    password_confirmation: "パスワード（確認）",
    second_password_confirmation: "第2パスワード（確認）",
    password_setting_notes: [
        "パスワード・第2パスワードは半角8文字以上で設定してください。",
        "英大文字（A〜Z）、英小文字（a〜z）、数字（0〜9）をそれぞれ1文字以上含めてください。",
        "半角英数字以外の文字は使用できません。",
        "パスワードと第2パスワードは異なるものを設定してください。",
        "初期パスワードはパスワード・第2パスワードのどちらにも使用できません。",
    ],
    set: "設定",
    setting_done: "パスワードと第2パスワードの設定が完了しました。",
    setting_available: "証明書発行サービスがご利用いただけるようになりました。",
    ok: "OK",

    top_title: "トップページ",
    menu: "メニュー",
    menu_top: "トップページ",
    menu_logout: "ログアウト",
    greeting_before: "ようこそ、",
    greeting_after: " 様",
    enrollments: "登録済みの学籍情報",

    idle_warning: "操作がないため、約1分後に自動的にログアウトします。ログインを続けますか？",
    idle_continue: "ログインを続ける",

    resubmission_reason: "再提出をお願いする理由",
};

pub const SESSION_EN: SessionTexts = SessionTexts {
    logged_out: "You have logged out.",

    password_setting_title: "Password Setting",
    password_confirmation: "Password (confirmation)",
    second_password_confirmation: "Second password (confirmation)",
    password_setting_notes: [
        "Set a password and a second password of at least 8 half-width characters.",
        "Each must contain an uppercase letter (A to Z), a lowercase letter (a to z) and a digit (0 to 9).",
        "Characters other than half-width letters and digits cannot be used.",
        "The password and the second password must be different.",
        "Neither the password nor the second password may be the initial password.",
    ],
    set: "Set",
    setting_done: "The password and the second password have been set.",
    setting_available: "The Certificate Issuance Service is now available.",
    ok: "OK",

    top_title: "Top page",
    menu: "Menu",
    menu_top: "Top page",
    menu_logout: "Logout",
    greeting_before: "Welcome, ",
    greeting_after: "",
    enrollments: "Your student records",

    idle_warning: "You will be logged out automatically in about a minute because there has been no activity. Do you want to continue?",
    idle_continue: "Continue",

    resubmission_reason: "Why the university asks you to resubmit",
};

impl I18n {
    pub fn s(&self) -> &'static SessionTexts {
        match self.locale.get() {
            Locale::Ja => &SESSION_JA,
            Locale::En => &SESSION_EN,
        }
    }
}
