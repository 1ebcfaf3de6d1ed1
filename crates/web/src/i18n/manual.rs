//! The graduates' operating manual of this service (manual 3.1), in both languages: what
//! each screen asks and what follows, written for this service's own screens.

/// One chapter: its anchor, title, a lead paragraph, the numbered steps and the notes.
pub struct Chapter {
    pub id: &'static str,
    pub title: &'static str,
    pub lead: &'static str,
    pub steps: &'static [&'static str],
    pub notes: &'static [&'static str],
}

pub struct Manual {
    pub title: &'static str,
    pub contents: &'static str,
    pub steps: &'static str,
    pub notes: &'static str,
    pub chapters: &'static [Chapter],
}

pub const MANUAL_JA: Manual = Manual {
    title: "証明書発行サービス 操作マニュアル（卒業生用）",
    contents: "目次",
    steps: "操作手順",
    notes: "ご注意",
    chapters: &[
        Chapter {
            id: "introduction",
            title: "1 はじめに",
            lead: "本サービスでは、卒業生・修了生の方が証明書（成績証明書、卒業・修了証明書など）をオンラインで申し込み、コンビニエンスストアでの印刷や郵送で受け取ることができます。",
            steps: &[],
            notes: &[
                "本サイトを離れる際は、必ずログアウトしてブラウザを閉じてください。",
                "ログイン後、一定時間操作がない場合は自動的にログアウトします。終了の約1分前にお知らせが表示され、「ログインを続ける」で継続できます。",
                "パスワード・第2パスワードは他人に知られないようにし、定期的に変更してください。ブラウザへの保存はお勧めしません。",
                "本サービスからのメールは送信専用です。迷惑メール対策をしている場合は、大学のドメインからのメールを受信できるように設定してください。",
                "本マニュアルは、メニュー「⚙」の「マニュアル」とログイン画面からいつでも開けます。",
            ],
        },
        Chapter {
            id: "apply",
            title: "2.1 利用申請（初回のみ）",
            lead: "初めて利用するときは、メールアドレスを確認したうえで利用申請をします。大学の承認後、初期パスワードがメールで届きます。",
            steps: &[
                "卒業生ログイン画面の「新規登録」から「新規登録手続き」を押します。",
                "メールアドレスを「メールアドレス」と「確認」に入力し、注意事項を読んで「確認」を押します。",
                "届いたメールのURL（有効期限30分）を開き、「利用許諾」を読んで「上記に同意する」を選び、「同意する」を押します。",
                "申請者情報、在学時の情報、現住所、利用目的、勤務先（任意）を入力し、本人確認書類の画像（jpeg・gif・png）を添付して「確認」を押します。",
                "内容を確かめて「申請」を押すと、受付番号が表示されます。",
                "大学が確認し、結果がメールで届きます。承認のメールには初期パスワードとログイン画面のURLが記載されています。差し戻しの場合は、メールのURLから修正して再提出できます。",
                "ログイン画面でメールアドレスと初期パスワードを入力し（第2パスワードは空欄）、「ログイン」を押します。",
                "「パスワード設定」画面でパスワードと第2パスワードをそれぞれ2回入力し、「設定」を押します。「OK」を押すと利用できるようになります。",
            ],
            notes: &[
                "パスワード・第2パスワードは半角英数字8文字以上で、英大文字・英小文字・数字をそれぞれ1文字以上含めてください。2つは異なるものにしてください。",
                "よく使われているパスワードや、氏名・メールアドレス・大学名を含むパスワードは設定できません。",
                "初期パスワードには有効期限があります。期限が過ぎた場合は大学にお問い合わせください。",
            ],
        },
        Chapter {
            id: "login",
            title: "2.2 ログイン",
            lead: "登録したメールアドレス、パスワード、第2パスワードでログインします。",
            steps: &[
                "大学のウェブサイトにある証明書発行サービスへのリンクから、卒業生ログイン画面を開きます。",
                "メールアドレス、パスワード、第2パスワードを入力します。",
                "注意事項を読んで「ログイン」を押すと、トップページが表示されます。",
            ],
            notes: &[
                "入力を何度も誤ると、しばらくの間ログインできなくなります。時間をおいてからやり直すか、パスワードを再設定してください（2.4 (f)）。",
            ],
        },
        Chapter {
            id: "student-id",
            title: "2.3 学籍番号の追加",
            lead: "学部と大学院など、複数の学籍番号をお持ちの方は、ひとつのアカウントに学籍番号を追加できます。",
            steps: &[
                "ログインし、画面右上のメニューボタン「⚙」から「学籍番号追加登録」を押します。",
                "注意事項を読んで「送信」を押し、「申請完了」画面で「OK」を押します。",
                "登録メールアドレスに届いたメールのURL（有効期限30分）を開きます。",
                "追加したい在学時の情報（氏名、所属、課程、学籍番号、入学年月、卒業（修了）年月、卒業／退学・除籍）を入力して「確認」を押し、内容を確かめて「申請」を押します。",
                "大学が承認すると、メールでお知らせします。トップページに両方の学籍番号が表示され、証明書の申し込みで学籍番号を選べるようになります。",
            ],
            notes: &["申請中の追加はトップページの「現在の申請一覧」に表示されます。"],
        },
        Chapter {
            id: "profile",
            title: "2.4 (a) 個人設定",
            lead: "氏名、フリガナ、生年月日、現住所、電話番号、連絡先メールアドレス、勤務先の情報を変更できます。",
            steps: &[
                "メニュー「⚙」から「個人設定」を押します。",
                "変更したい項目を書き換えて「確認」を押します。",
                "内容を確かめて「申請」を押し、「変更完了」画面で「OK」を押します。",
            ],
            notes: &["ログインに使うメールアドレスは「メールアドレス変更」で変更します。"],
        },
        Chapter {
            id: "mail-address",
            title: "2.4 (b) メールアドレスの変更（ログインできる場合）",
            lead: "ログインに使うメールアドレスを変更します。",
            steps: &[
                "メニュー「⚙」から「メールアドレス変更」を押します。",
                "新しいメールアドレスを2回と、現在のパスワードを入力し、注意事項を読んで「確認」を押します。",
                "新しいメールアドレスに届いたメールのURL（有効期限30分）を開き、表示された画面のボタンを押すと変更が完了します。",
            ],
            notes: &[
                "変更すると、以前のメールアドレスにお知らせが届きます。心当たりのない変更は、そのメールのURLから7日以内であれば取り消せます。",
            ],
        },
        Chapter {
            id: "mail-lost",
            title: "2.4 (c) メールアドレスの変更（以前のアドレスが使えない場合）",
            lead: "以前のメールアドレスが使えなくなり、ログインできない場合は、新しいメールアドレスで再申請します。",
            steps: &[
                "卒業生ログイン画面の「新規登録手続き」から、新しいメールアドレスで手続きを始めます。",
                "申請フォームの「申請種別」で「再申請（以前のメールアドレスが使えなくなった等）」を選び、2.1 と同じように申請します。",
                "大学が確認し、以前のアカウントに代わる新しいアカウントの初期パスワードをメールでお知らせします。",
            ],
            notes: &[],
        },
        Chapter {
            id: "password",
            title: "2.4 (d)(e) パスワード・第2パスワードの変更",
            lead: "ログイン中にパスワードまたは第2パスワードを変更します。",
            steps: &[
                "メニュー「⚙」から「パスワード変更」（または「第2パスワード変更」）を押します。",
                "現在のパスワード（第2パスワード）と、新しいものを2回入力します。",
                "注意事項を読んで「変更」を押し、「変更完了」画面で「OK」を押します。",
            ],
            notes: &[
                "変更すると、ほかの端末やブラウザでのログインは終了し、登録メールアドレスにお知らせが届きます。",
                "新しいものは、現在のもの、もう一方のパスワードと異なる必要があります。",
            ],
        },
        Chapter {
            id: "forgot",
            title: "2.4 (f) パスワードを忘れた場合",
            lead: "ログイン画面からパスワードと第2パスワードを再設定できます。",
            steps: &[
                "卒業生ログイン画面の「パスワードを忘れた方はこちら」を押します。",
                "登録メールアドレスを入力し、注意事項を読んで「送信」を押します。",
                "届いたメールのURL（有効期限30分）を開き、新しいパスワードと第2パスワードをそれぞれ2回入力して「設定」を押します。",
                "「OK」を押してログイン画面に戻り、新しいパスワードでログインします。",
            ],
            notes: &[
                "30分以上たってもメールが届かない場合は、入力したメールアドレスが正しいか、余分な空白がないか、半角英数字で入力したかを確かめてください。",
                "再設定すると、すべての端末でのログインが終了します。",
            ],
        },
        Chapter {
            id: "language",
            title: "2.5 表示言語の切り替え",
            lead: "ログイン前の画面と証明書の印刷方法選択画面の右上にある「LANG」で、日本語と英語を切り替えられます。選んだ言語は以降の画面とメールに使われます。",
            steps: &[],
            notes: &[],
        },
        Chapter {
            id: "sessions",
            title: "2.6 ログイン履歴",
            lead: "メニュー「⚙」の「ログイン履歴」で、現在ログインしている端末（ブラウザ、接続元、開始日時、最終操作日時）を確認し、ほかの端末のログインを終了できます。",
            steps: &[],
            notes: &["心当たりのないログインがある場合は、終了したうえでパスワードを変更してください。"],
        },
    ],
};

pub const MANUAL_EN: Manual = Manual {
    title: "Certificate Issuance Service: Operating Manual for Graduates",
    contents: "Contents",
    steps: "Steps",
    notes: "Notes",
    chapters: &[
        Chapter {
            id: "introduction",
            title: "1 Introduction",
            lead: "With this service, graduates apply online for certificates (academic records, certificates of graduation or completion, and more) and receive them by printing at a convenience store or by post.",
            steps: &[],
            notes: &[
                "Be sure to log out and close your browser when you leave this site.",
                "You will log out automatically if you make no operation for a while after logging in. About a minute before, a message appears; choose \"Continue\" to stay logged in.",
                "Keep your password and second password to yourself and change them regularly. Storing them in the browser is not recommended.",
                "Mails from this service are for sending only. If you filter spam, allow mail from the university's domain.",
                "This manual opens from \"Manual\" in the menu \"⚙\" and from the login screen at any time.",
            ],
        },
        Chapter {
            id: "apply",
            title: "2.1 Applying to use the service (first time only)",
            lead: "The first time, you prove your mail address and apply to use the service. Once the university approves, your initial password arrives by mail.",
            steps: &[
                "On the Graduate login screen, under \"New registration\", click \"New registration procedure\".",
                "Enter your mail address in \"Mail address\" and \"Check\", read the Note and click \"Check\".",
                "Open the URL in the mail you receive (valid for 30 minutes), read the \"Permission for use\", select \"I agree with the above\" and click \"Agree\".",
                "Enter the applicant's information, your information when in school, your current address, the purpose of use and your employer (optional), attach an image of your identification document (jpeg, gif or png) and click \"Check\".",
                "Check the entries and click \"Application\": the reception number is shown.",
                "The university checks the application and mails you the result. The approval mail gives your initial password and the URL of the login screen. If the university asks for a resubmission, correct the application from the URL in that mail.",
                "On the login screen enter your mail address and the initial password (leave the second password empty) and click \"Login\".",
                "On the Password Setting screen enter a password and a second password, each twice, and click \"Set\". Click \"OK\": the service is now available.",
            ],
            notes: &[
                "A password or second password has at least eight half-width characters with an uppercase letter, a lowercase letter and a digit; the two must differ.",
                "Common passwords, and passwords containing your name, your mail address or the university's name, cannot be used.",
                "The initial password expires. If it has expired, contact the university.",
            ],
        },
        Chapter {
            id: "login",
            title: "2.2 Logging in",
            lead: "Log in with your registered mail address, password and second password.",
            steps: &[
                "Open the Graduate login screen from the link to the certificate issuance service on the university's website.",
                "Enter your mail address, password and second password.",
                "Read the Note and click \"Login\": the top page appears.",
            ],
            notes: &[
                "After several wrong attempts, logging in is locked for a while. Wait and try again, or reset your password (2.4 (f)).",
            ],
        },
        Chapter {
            id: "student-id",
            title: "2.3 Adding a student ID number",
            lead: "If you have several student ID numbers, for example as an undergraduate and as a graduate student, you can add them to one account.",
            steps: &[
                "Log in, click the menu button \"⚙\" at the upper right and then \"Register additional student ID number\".",
                "Read the Note, click \"Send\", and click \"OK\" on the Application Completed screen.",
                "Open the URL in the mail sent to your registered address (valid for 30 minutes).",
                "Enter your information as of the time you were enrolled in the course you add (name, affiliation, degree program, student ID number, matriculation, graduation (completion) year and month, graduation or withdrawal/removal), click \"Check\", check the entries and click \"Application\".",
                "When the university approves, you are told by mail. The top page shows both student ID numbers, and you choose between them when ordering a certificate.",
            ],
            notes: &["An addition under review is shown on the top page under \"Current application list\"."],
        },
        Chapter {
            id: "profile",
            title: "2.4 (a) Personal setting",
            lead: "Change your name, name in katakana, birth date, current address, phone numbers, contact mail address and employer information.",
            steps: &[
                "From the menu \"⚙\", click \"Personal setting\".",
                "Change the items you want to change and click \"Check\".",
                "Check the entries, click \"Application\", and click \"OK\" on the Change complete screen.",
            ],
            notes: &["The mail address you log in with is changed with \"Change mail address\"."],
        },
        Chapter {
            id: "mail-address",
            title: "2.4 (b) Changing the mail address (if you can log in)",
            lead: "Change the mail address you log in with.",
            steps: &[
                "From the menu \"⚙\", click \"Change mail address\".",
                "Enter the new mail address twice and your current password, read the Note and click \"Check\".",
                "Open the URL in the mail sent to the new address (valid for 30 minutes) and click the button on the page it opens: the change is complete.",
            ],
            notes: &[
                "Your previous address receives a notice of the change. If you did not make it, the URL in that notice undoes it for 7 days.",
            ],
        },
        Chapter {
            id: "mail-lost",
            title: "2.4 (c) Changing the mail address (if the previous one can no longer be used)",
            lead: "If your previous mail address can no longer be used and you cannot log in, apply again with a new address.",
            steps: &[
                "On the Graduate login screen, start the \"New registration procedure\" with your new mail address.",
                "In the form, choose \"Reapplication (e.g., email address used in the past is no longer available)\" as the application type and apply as in 2.1.",
                "The university checks the application and mails you the initial password of a new account that replaces the previous one.",
            ],
            notes: &[],
        },
        Chapter {
            id: "password",
            title: "2.4 (d)(e) Changing the password or the second password",
            lead: "Change your password or second password while logged in.",
            steps: &[
                "From the menu \"⚙\", click \"Change password\" (or \"Change second password\").",
                "Enter the current one, then the new one twice.",
                "Read the Note, click \"Change\", and click \"OK\" on the Change complete screen.",
            ],
            notes: &[
                "After a change, you are logged out on your other devices and browsers, and a notice is sent to your registered mail address.",
                "The new one must differ from the current one and from the other password.",
            ],
        },
        Chapter {
            id: "forgot",
            title: "2.4 (f) If you forgot the password",
            lead: "Set a new password and second password from the login screen.",
            steps: &[
                "On the Graduate login screen, click \"If you have forgotten your password\".",
                "Enter your registered mail address, read the Note and click \"Send\".",
                "Open the URL in the mail (valid for 30 minutes), enter a new password and second password, each twice, and click \"Set\".",
                "Click \"OK\" to return to the login screen and log in with the new password.",
            ],
            notes: &[
                "If the mail has not arrived after 30 minutes, check that the address is correct, has no extra spaces and is in half-width characters.",
                "A reset logs you out on every device.",
            ],
        },
        Chapter {
            id: "language",
            title: "2.5 Switching languages",
            lead: "On the screens before login and on the Select Printing Destination screen, \"LANG\" at the upper right switches between Japanese and English. The language you choose is used for the following screens and for mails.",
            steps: &[],
            notes: &[],
        },
        Chapter {
            id: "sessions",
            title: "2.6 Login history",
            lead: "\"Login history\" in the menu \"⚙\" lists where you are logged in (browser, connecting address, started, last active) and ends a login on another device.",
            steps: &[],
            notes: &["If you see a login you do not recognise, end it and change your password."],
        },
    ],
};
