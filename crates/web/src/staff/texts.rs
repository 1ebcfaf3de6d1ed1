//! Every text of the staff area in Japanese and English. One struct, two values: a text
//! missing in either language does not compile.

use cis_shared::application::ApplicationType;
use cis_shared::staff::{AccountState, ActorKind, ApplicationState, StaffRole};
use cis_shared::Locale;

use crate::i18n::I18n;

/// The texts of the staff screens.
pub struct StaffTexts {
    pub area: &'static str,
    pub loading: &'static str,
    pub cancel: &'static str,

    // Login and the header
    pub login_title: &'static str,
    pub mail_address: &'static str,
    pub password: &'static str,
    pub login_button: &'static str,
    pub session_ended: &'static str,
    pub logged_out: &'static str,
    pub logout: &'static str,
    pub nav_queue: &'static str,
    pub nav_accounts: &'static str,
    pub nav_users: &'static str,
    pub nav_audit: &'static str,
    pub roles: fn(StaffRole) -> &'static str,
    pub administrators_only: &'static str,

    // The queue
    pub queue_title: &'static str,
    pub state: &'static str,
    pub kind: &'static str,
    pub all: &'static str,
    pub states: fn(ApplicationState) -> &'static str,
    pub kinds: fn(ApplicationType) -> &'static str,
    pub search: &'static str,
    pub search_hint: &'static str,
    pub search_button: &'static str,
    pub reception_number: &'static str,
    pub name: &'static str,
    pub submitted_at: &'static str,
    pub no_applications: &'static str,
    pub count: fn(u64) -> String,
    pub page_of: fn(u64, u64) -> String,
    pub previous: &'static str,
    pub next: &'static str,

    // An application
    pub detail_title: &'static str,
    pub back_to_queue: &'static str,
    pub reception_section: &'static str,
    pub verified_email: &'static str,
    pub documents_section: &'static str,
    pub sides: [&'static str; 2],
    pub image_failed: &'static str,
    pub no_documents: &'static str,
    pub decision_section: &'static str,
    pub decided_already: &'static str,
    pub approve: &'static str,
    pub reject: &'static str,
    pub request_resubmission: &'static str,
    pub approve_text: &'static str,
    pub reject_text: &'static str,
    pub resubmission_text: &'static str,
    pub reason: &'static str,
    pub replaces_text: &'static str,
    pub account_search: &'static str,
    pub account_search_hint: &'static str,
    pub no_accounts: &'static str,
    pub choose_account: &'static str,
    pub birth_date: &'static str,
    pub decided: &'static str,
    // An additional student ID number (manual 2.3)
    pub added_record_section: &'static str,
    pub account_section: &'static str,
    pub account_records: &'static str,
    pub no_records: &'static str,
    pub no_documents_student_id: &'static str,
    pub approve_student_id_text: &'static str,

    // Graduate accounts
    pub accounts_title: &'static str,
    pub accounts_search_hint: &'static str,
    pub account_states: fn(AccountState) -> &'static str,
    pub issue_initial_password: &'static str,
    pub confirm_issue_initial_password: fn(&str, &str) -> String,
    pub done_issue_initial_password: fn(&str) -> String,
    pub login_locked_until: fn(&str) -> String,
    pub lift_login_lock: &'static str,
    pub confirm_lift_login_lock: fn(&str, &str) -> String,
    pub done_lift_login_lock: fn(&str) -> String,

    // Staff members
    pub users_title: &'static str,
    pub display_name: &'static str,
    pub role: &'static str,
    pub status: &'static str,
    pub active: &'static str,
    pub disabled: &'static str,
    pub created_at: &'static str,
    pub operations: &'static str,
    pub you: &'static str,
    pub disable: &'static str,
    pub enable: &'static str,
    pub reset_password: &'static str,
    pub confirm_disable: fn(&str) -> String,
    pub confirm_enable: fn(&str) -> String,
    pub confirm_reset: fn(&str) -> String,
    pub done_disable: fn(&str) -> String,
    pub done_enable: fn(&str) -> String,
    pub done_reset: fn(&str) -> String,
    pub new_user_section: &'static str,
    pub new_user_note: &'static str,
    pub add: &'static str,
    pub confirm_add: fn(&str) -> String,
    pub done_add: fn(&str) -> String,

    // The audit log
    pub audit_title: &'static str,
    pub at: &'static str,
    pub actor: &'static str,
    pub action: &'static str,
    pub target: &'static str,
    pub detail: &'static str,
    pub client_address: &'static str,
    pub no_events: &'static str,
    /// `staff`, `graduate`, `anonymous`, `system`.
    pub actor_kinds: fn(ActorKind) -> &'static str,
    /// The known actions of the log; others are shown as recorded.
    pub actions: &'static [(&'static str, &'static str)],
}

/// The states in the order of the filter: waiting first.
pub const STATES: [ApplicationState; 5] = [
    ApplicationState::Submitted,
    ApplicationState::Resubmitted,
    ApplicationState::ResubmissionRequested,
    ApplicationState::Approved,
    ApplicationState::Rejected,
];

pub const KINDS: [ApplicationType; 3] =
    [ApplicationType::New, ApplicationType::Reapplication, ApplicationType::AdditionalStudentId];

pub fn kind_code(kind: ApplicationType) -> &'static str {
    match kind {
        ApplicationType::New => "new",
        ApplicationType::Reapplication => "reapplication",
        ApplicationType::AdditionalStudentId => "additional_student_id",
    }
}

impl StaffTexts {
    pub fn state(&self, state: ApplicationState) -> &'static str {
        (self.states)(state)
    }

    pub fn kind_name(&self, kind: ApplicationType) -> &'static str {
        (self.kinds)(kind)
    }

    pub fn account_state(&self, state: AccountState) -> &'static str {
        (self.account_states)(state)
    }

    pub fn role_name(&self, role: StaffRole) -> &'static str {
        (self.roles)(role)
    }

    pub fn side(&self, side: &str) -> &'static str {
        if side == "back" {
            self.sides[1]
        } else {
            self.sides[0]
        }
    }

    pub fn actor_kind(&self, kind: ActorKind) -> &'static str {
        (self.actor_kinds)(kind)
    }

    pub fn action_name<'a>(&self, action: &'a str) -> &'a str {
        self.actions.iter().find(|(code, _)| *code == action).map_or(action, |(_, text)| text)
    }
}

pub const JA: StaffTexts = StaffTexts {
    area: "職員用",
    loading: "読み込み中…",
    cancel: "キャンセル",

    login_title: "職員ログイン",
    mail_address: "メールアドレス",
    password: "パスワード",
    login_button: "ログイン",
    session_ended: "ログインの有効期限が切れたか、ログインしていません。もう一度ログインしてください。",
    logged_out: "ログアウトしました。",
    logout: "ログアウト",
    nav_queue: "申請一覧",
    nav_accounts: "アカウント",
    nav_users: "職員管理",
    nav_audit: "監査ログ",
    roles: |role| match role {
        StaffRole::Reviewer => "審査担当者",
        StaffRole::Administrator => "管理者",
    },
    administrators_only: "この画面は管理者のみ利用できます。",

    queue_title: "申請一覧",
    state: "状態",
    kind: "申請区分",
    all: "すべて",
    states: |state| match state {
        ApplicationState::Submitted => "審査待ち",
        ApplicationState::Resubmitted => "再提出済み",
        ApplicationState::ResubmissionRequested => "再提出依頼中",
        ApplicationState::Approved => "承認済み",
        ApplicationState::Rejected => "却下",
    },
    kinds: |kind| match kind {
        ApplicationType::New => "新規",
        ApplicationType::Reapplication => "再申請",
        ApplicationType::AdditionalStudentId => "学籍番号追加",
    },
    search: "検索",
    search_hint: "氏名・メールアドレス・受付番号",
    search_button: "検索",
    reception_number: "受付番号",
    name: "氏名",
    submitted_at: "申請日時",
    no_applications: "条件に合う申請はありません。",
    count: count_ja,
    page_of: page_of_ja,
    previous: "前へ",
    next: "次へ",

    detail_title: "申請内容",
    back_to_queue: "申請一覧に戻る",
    reception_section: "受付情報",
    verified_email: "登録メールアドレス（確認済み）",
    documents_section: "本人確認書類の画像",
    sides: ["表面", "裏面など"],
    image_failed: "画像を読み込めませんでした。",
    no_documents: "画像はありません。",
    decision_section: "判定",
    decided_already: "この申請は判定済みです。",
    approve: "承認",
    reject: "却下",
    request_resubmission: "再提出依頼",
    approve_text: "この申請を承認します。アカウントが作成され、初期パスワードが申請者にメールで送信されます。",
    reject_text: "この申請を却下します。理由は申請者へのメールに記載されます。",
    resubmission_text: "申請者に再提出を依頼します。理由と、申請内容を修正するためのURL（7日間有効）がメールで送信されます。",
    reason: "理由",
    replaces_text: "再申請です。この申請で置き換える既存のアカウントを選択してください。アカウントのメールアドレスは申請のメールアドレスに変更されます。",
    account_search: "アカウント検索",
    account_search_hint: "氏名・カナ・メールアドレス",
    no_accounts: "該当するアカウントはありません。",
    choose_account: "置き換えるアカウントを選択してください。",
    birth_date: "生年月日",
    decided: "判定を登録しました。",
    added_record_section: "追加する学籍情報",
    account_section: "申請者のアカウント",
    account_records: "登録済みの学籍情報",
    no_records: "登録済みの学籍情報はありません。",
    no_documents_student_id: "学籍番号追加の申請には本人確認書類はありません。ログイン中の卒業生アカウントから申請されています。アカウントの登録情報と照合してください。",
    approve_student_id_text: "この申請を承認します。学籍情報がアカウントに追加され、申請者にメールで通知されます。",

    accounts_title: "卒業生アカウント",
    accounts_search_hint: "氏名・カナ・メールアドレス・生年月日（YYYY-MM-DD）",
    account_states: |state| match state {
        AccountState::AwaitingFirstLogin => "初回ログイン待ち",
        AccountState::Active => "利用中",
        AccountState::Locked => "ロック中",
        AccountState::Closed => "利用終了",
    },
    issue_initial_password: "初期パスワードを再発行",
    confirm_issue_initial_password: confirm_issue_initial_password_ja,
    done_issue_initial_password: done_issue_initial_password_ja,
    login_locked_until: |until| format!("ログイン停止中（{until}まで）"),
    lift_login_lock: "ログイン停止を解除",
    confirm_lift_login_lock: |name, email| {
        format!("{name} さん（{email}）のログイン停止を解除します。ご本人であることを確認してから解除してください。")
    },
    done_lift_login_lock: |email| format!("{email} のログイン停止を解除しました。"),

    users_title: "職員管理",
    display_name: "氏名",
    role: "権限",
    status: "状態",
    active: "有効",
    disabled: "無効",
    created_at: "登録日時",
    operations: "操作",
    you: "（あなた）",
    disable: "無効にする",
    enable: "有効にする",
    reset_password: "パスワード再発行",
    confirm_disable: confirm_disable_ja,
    confirm_enable: confirm_enable_ja,
    confirm_reset: confirm_reset_ja,
    done_disable: done_disable_ja,
    done_enable: done_enable_ja,
    done_reset: done_reset_ja,
    new_user_section: "職員の追加",
    new_user_note: "追加した職員には、ログイン用のパスワードがメールで送信されます。",
    add: "追加",
    confirm_add: confirm_add_ja,
    done_add: done_add_ja,

    audit_title: "監査ログ",
    at: "日時",
    actor: "実行者",
    action: "操作",
    target: "対象",
    detail: "詳細",
    client_address: "接続元",
    no_events: "記録はありません。",
    actor_kinds: |kind| match kind {
        ActorKind::Staff => "職員",
        ActorKind::Graduate => "卒業生",
        ActorKind::Anonymous => "未ログイン",
        ActorKind::System => "システム",
    },
    actions: &[
        ("staff.login", "職員ログイン"),
        ("staff.login_failed", "職員ログイン失敗"),
        ("mail.retry", "未配達メールの再送"),
        ("staff.create", "職員の追加"),
        ("staff.disable", "職員の無効化"),
        ("staff.enable", "職員の有効化"),
        ("staff.change_role", "職員の権限変更"),
        ("staff.rename", "職員の氏名変更"),
        ("staff.reset_password", "職員パスワード再発行"),
        ("application.approve", "申請の承認"),
        ("application.reject", "申請の却下"),
        ("application.request_resubmission", "再提出依頼"),
        ("account.reissue_initial_password", "初期パスワード再発行"),
        ("graduate.login", "卒業生ログイン"),
        ("graduate.login_failed", "卒業生ログイン失敗"),
        ("graduate.login_locked", "卒業生ログインの一時停止"),
        ("graduate.credentials_set", "卒業生パスワード設定"),
        ("graduate.password_reset_requested", "パスワード再設定メールの依頼"),
        ("graduate.password_reset", "卒業生パスワード再設定"),
        ("graduate.logout", "卒業生ログアウト"),
        ("graduate.refresh_replayed", "使用済みセッションの再利用（拒否）"),
        ("graduate.session_ended", "卒業生が別の端末のログインを終了"),
        ("print_station.registered", "印刷拠点の登録"),
        ("print_station.revoked", "印刷拠点の停止"),
        ("print_job.failed", "印刷失敗"),
        ("copy.revoked", "証明書の取消"),
        ("academic_records.imported", "成績データの取込"),
    ],
};

pub const EN: StaffTexts = StaffTexts {
    area: "Staff",
    loading: "Loading…",
    cancel: "Cancel",

    login_title: "Staff login",
    mail_address: "Mail address",
    password: "Password",
    login_button: "Login",
    session_ended: "Your login has expired or you are not logged in. Please log in again.",
    logged_out: "You have logged out.",
    logout: "Logout",
    nav_queue: "Queue",
    nav_accounts: "Accounts",
    nav_users: "Staff",
    nav_audit: "Audit log",
    roles: |role| match role {
        StaffRole::Reviewer => "Reviewer",
        StaffRole::Administrator => "Administrator",
    },
    administrators_only: "Only administrators can use this screen.",

    queue_title: "Application queue",
    state: "State",
    kind: "Application type",
    all: "All",
    states: |state| match state {
        ApplicationState::Submitted => "Waiting",
        ApplicationState::Resubmitted => "Resubmitted",
        ApplicationState::ResubmissionRequested => "Resubmission requested",
        ApplicationState::Approved => "Approved",
        ApplicationState::Rejected => "Rejected",
    },
    kinds: |kind| match kind {
        ApplicationType::New => "New",
        ApplicationType::Reapplication => "Reapplication",
        ApplicationType::AdditionalStudentId => "Additional student ID",
    },
    search: "Search",
    search_hint: "Name, mail address or reception number",
    search_button: "Search",
    reception_number: "Reception number",
    name: "Name",
    submitted_at: "Submitted",
    no_applications: "No applications match.",
    count: count_en,
    page_of: page_of_en,
    previous: "Previous",
    next: "Next",

    detail_title: "Application",
    back_to_queue: "Back to the queue",
    reception_section: "Reception",
    verified_email: "Registered mail address (verified)",
    documents_section: "Identity document images",
    sides: ["Front", "Back"],
    image_failed: "The image could not be loaded.",
    no_documents: "No images.",
    decision_section: "Decision",
    decided_already: "This application has been decided.",
    approve: "Approve",
    reject: "Reject",
    request_resubmission: "Request resubmission",
    approve_text: "Approve this application: the account is created and the initial password is mailed to the applicant.",
    reject_text: "Reject this application. The reason is quoted in the mail to the applicant.",
    resubmission_text: "Ask the applicant to submit again. The reason and a link to correct the application (valid for 7 days) are mailed.",
    reason: "Reason",
    replaces_text: "This is a reapplication. Choose the existing account it replaces; the account takes the application's mail address.",
    account_search: "Find an account",
    account_search_hint: "Name, katakana or mail address",
    no_accounts: "No accounts match.",
    choose_account: "Choose the account to replace.",
    birth_date: "Birth date",
    decided: "The decision has been recorded.",
    added_record_section: "Student record to add",
    account_section: "The graduate's account",
    account_records: "Student records of the account",
    no_records: "The account has no student records.",
    no_documents_student_id: "An additional student ID number comes without identity documents: the graduate applied from the logged-in account. Compare it with the account's data.",
    approve_student_id_text: "Approve this application: the student record is added to the graduate's account and the graduate is notified by mail.",

    accounts_title: "Graduate accounts",
    accounts_search_hint: "Name, katakana, mail address or birth date (YYYY-MM-DD)",
    account_states: |state| match state {
        AccountState::AwaitingFirstLogin => "Awaiting first login",
        AccountState::Active => "Active",
        AccountState::Locked => "Locked",
        AccountState::Closed => "Closed",
    },
    issue_initial_password: "Issue a new initial password",
    confirm_issue_initial_password: confirm_issue_initial_password_en,
    done_issue_initial_password: done_issue_initial_password_en,
    login_locked_until: |until| format!("Login locked until {until}"),
    lift_login_lock: "Lift the login lock",
    confirm_lift_login_lock: |name, email| {
        format!("Lift the login lock of {name} ({email})? Do so only once you are sure you are speaking with them.")
    },
    done_lift_login_lock: |email| format!("The login lock of {email} was lifted."),

    users_title: "Staff members",
    display_name: "Name",
    role: "Role",
    status: "Status",
    active: "Active",
    disabled: "Disabled",
    created_at: "Created",
    operations: "Operations",
    you: " (you)",
    disable: "Disable",
    enable: "Enable",
    reset_password: "Reset password",
    confirm_disable: confirm_disable_en,
    confirm_enable: confirm_enable_en,
    confirm_reset: confirm_reset_en,
    done_disable: done_disable_en,
    done_enable: done_enable_en,
    done_reset: done_reset_en,
    new_user_section: "Add a staff member",
    new_user_note: "A password for logging in is mailed to the new member.",
    add: "Add",
    confirm_add: confirm_add_en,
    done_add: done_add_en,

    audit_title: "Audit log",
    at: "Time",
    actor: "Actor",
    action: "Action",
    target: "Target",
    detail: "Detail",
    client_address: "Client address",
    no_events: "Nothing recorded.",
    actor_kinds: |kind| match kind {
        ActorKind::Staff => "Staff",
        ActorKind::Graduate => "Graduate",
        ActorKind::Anonymous => "Not logged in",
        ActorKind::System => "System",
    },
    actions: &[
        ("staff.login", "Staff login"),
        ("staff.login_failed", "Failed staff login"),
        ("mail.retry", "Undelivered mail sent again"),
        ("staff.create", "Staff member added"),
        ("staff.disable", "Staff member disabled"),
        ("staff.enable", "Staff member enabled"),
        ("staff.change_role", "Staff role changed"),
        ("staff.rename", "Staff member renamed"),
        ("staff.reset_password", "Staff password reset"),
        ("application.approve", "Application approved"),
        ("application.reject", "Application rejected"),
        ("application.request_resubmission", "Resubmission requested"),
        ("account.reissue_initial_password", "Initial password reissued"),
        ("graduate.login", "Graduate login"),
        ("graduate.login_failed", "Failed graduate login"),
        ("graduate.login_locked", "Graduate login suspended"),
        ("graduate.credentials_set", "Graduate passwords set"),
        ("graduate.password_reset_requested", "Password reset mail requested"),
        ("graduate.password_reset", "Graduate passwords reset"),
        ("graduate.logout", "Graduate logout"),
        ("graduate.refresh_replayed", "Used session token replayed (refused)"),
        ("graduate.session_ended", "Graduate ended a login on another device"),
        ("print_station.registered", "Print station registered"),
        ("print_station.revoked", "Print station revoked"),
        ("print_job.failed", "Printing failed"),
        ("copy.revoked", "Copy revoked"),
        ("academic_records.imported", "Academic records imported"),
    ],
};

fn count_ja(n: u64) -> String {
    format!("全{n}件")
}
fn count_en(n: u64) -> String {
    format!("{n} in all")
}
fn page_of_ja(page: u64, pages: u64) -> String {
    format!("{page} / {pages} ページ")
}
fn page_of_en(page: u64, pages: u64) -> String {
    format!("Page {page} of {pages}")
}
fn confirm_disable_ja(name: &str) -> String {
    format!("{name} さんのアカウントを無効にします。無効にすると、この職員はログインできなくなります。")
}
fn confirm_disable_en(name: &str) -> String {
    format!("Disable the account of {name}? They will no longer be able to log in.")
}
fn confirm_enable_ja(name: &str) -> String {
    format!("{name} さんのアカウントを有効にします。")
}
fn confirm_enable_en(name: &str) -> String {
    format!("Enable the account of {name} again?")
}
fn confirm_reset_ja(name: &str) -> String {
    format!(
        "{name} さんのパスワードを再発行します。新しいパスワードがメールで送信され、今のパスワードは使えなくなります。"
    )
}
fn confirm_reset_en(name: &str) -> String {
    format!("Reset the password of {name}? A new password is mailed and the current one stops working.")
}
fn done_disable_ja(name: &str) -> String {
    format!("{name} さんのアカウントを無効にしました。")
}
fn done_disable_en(name: &str) -> String {
    format!("The account of {name} has been disabled.")
}
fn done_enable_ja(name: &str) -> String {
    format!("{name} さんのアカウントを有効にしました。")
}
fn done_enable_en(name: &str) -> String {
    format!("The account of {name} has been enabled.")
}
fn done_reset_ja(name: &str) -> String {
    format!("{name} さんに新しいパスワードをメールで送信しました。")
}
fn done_reset_en(name: &str) -> String {
    format!("A new password has been mailed to {name}.")
}
fn confirm_issue_initial_password_ja(name: &str, email: &str) -> String {
    format!(
        "{name} さん（{email}）の初期パスワードを再発行します。新しい初期パスワードがメールで送信され、今の初期パスワードは使えなくなります。"
    )
}
fn confirm_issue_initial_password_en(name: &str, email: &str) -> String {
    format!(
        "Issue a new initial password for {name} ({email})? It is mailed to them and the current one stops working."
    )
}
fn done_issue_initial_password_ja(email: &str) -> String {
    format!("{email} に新しい初期パスワードをメールで送信しました。")
}
fn done_issue_initial_password_en(email: &str) -> String {
    format!("A new initial password was mailed to {email}.")
}
fn confirm_add_ja(email: &str) -> String {
    format!("{email} を職員として追加し、パスワードをメールで送信します。")
}
fn confirm_add_en(email: &str) -> String {
    format!("Add {email} as a staff member and mail them a password?")
}
fn done_add_ja(email: &str) -> String {
    format!("{email} を追加しました。パスワードをメールで送信しました。")
}
fn done_add_en(email: &str) -> String {
    format!("{email} has been added; a password has been mailed.")
}

impl I18n {
    /// The staff area's texts in the screen's language.
    pub fn staff(&self) -> &'static StaffTexts {
        match self.locale() {
            Locale::Ja => &JA,
            Locale::En => &EN,
        }
    }
}
