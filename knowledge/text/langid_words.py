"""Word lists for language identification (data only; the logic is in :mod:`knowledge.text.langid`).

Lists are written as text, many space-separated words to a line, so they are easy to extend.
"""

from __future__ import annotations

__all__ = ["CHINESE_WORDS_TEXT", "JAPANESE_WORDS_TEXT", "LEXICON_TEXT", "PHRASES", "ROMAJI_TEXT"]

# Words of everyday Chinese (simplified and traditional forms) that Japanese does not use.
CHINESE_WORDS_TEXT = """谢谢 謝謝 你好 您好 请问 請問 再见 再見 拜拜
        什么 什麼 甚麼 怎么 怎麼 怎样 怎樣 为什么
        為什麼 如何 可以 能不能 是不是 有没有 有沒有
        可不可以 好不好 对不起 對不起 不好意思 没关系
        沒關係 没问题 沒問題 不客气 不客氣 不用 没有
        沒有 没事 沒事 好的 是的 不是 对的 對的 明白
        知道 懂了 好吧 行吗 多少 哪里 哪裡 这里 這裡
        那里 那裡 这个 這個 那个 那個 我们 我們 你们
        你們 他们 他們 我的 我想 我要 我是 你的 现在
        时候 時候 今天 明天 昨天 早上 晚上 上午 下午
        一下 一点 一點 已经 已經 因为 因為 所以 但是
        还是 還是 或者 帮忙 幫忙 帮助 幫助 麻烦 麻煩
        退休 养老 養老 领取 領取 客服 人工 工作人员
        工作人員 电话 電話號碼 号码 號碼 中文 汉语
        漢語 华语 華語 公司 工资 工資 回国 回國 缴费
        繳費 交费 補交 补交 退款 退钱 退錢 退费 退費
        退税 退稅 证明 證明 办理 辦理 手续 手續 申请
        地址 打工 孩子 老婆 老公 拿到 能拿
        多久 几个月 幾個月 网站 網站 网上 網上 手机
        手機 搬家 提交 注册 註冊 信息 日元 雇主 残疾
        殘疾 家属 家屬 缺点 生意 收到 寄来 寄來 几天
        幾天 几号 幾號 补缴 補繳 缓缴 緩繳 到期 过期
        過期 逾期 怎么办 怎麼辦 咋办 啥时候 哪个 哪個
        多长时间 要不要 用不用"""

# Japanese words, mostly pension and paperwork terms, that Chinese does not write this way.
JAPANESE_WORDS_TEXT = """控除 繰下 繰上 繰り 定期便 保険料 事務所 追納
        猶予 手続 申請書 証明書 源泉 徴収 扶養 振替
        納付 未納 滞納 督促 学特 届出 書類 窓口 予約
        相談 担当 問合 番号 受給 支給 加入 脱退
        一時金 確定申告 再発行 紛失 通訳 手帳 証書
        前納 付加 国保 還付 遺族 障害 配偶者 老齢
        在職 産休 育休 産前産後 事業所 算定 賞与
        電子申請 了解 承知 大丈夫 日本語 会社 役所
        住民票 在留 残高 引落 口座 記入 提出 期限
        締切 変更 住所 氏名 免除申請 国民年金 厚生年金
        基礎年金 共済 合算 対象期間 終了 完了 目的
        帰国 退職 就職 転職 離婚 分割 死亡 受取 支払
        払込 年金額 金額 公的 私的 具体的 基本的
        一般的 一時的 法的"""

# Everyday words of short chat messages (greetings, courtesies, yes/no, question words, pension and
# paperwork words) in our Latin-script languages. A word several languages use counts for each of them in part.
LEXICON_TEXT = {
    "en": """hello hi hey hiya thanks thank thx ty tysm thankyou you your yours please pls plz bye goodbye cheers yes
        yeah yep yup no nope not ok okay okey sure fine alright good great nice cool perfect awesome morning
        afternoon evening night day week how what when where why who which whose is isn't are aren't am was
        wasn't be been do does doesn't did didn't don't can can't cannot could couldn't will won't would should
        must may might i i'm i've i'd me my myself we our us they them their he she his her him it it's its this
        that that's these those there here the a an and or but of for to in on at with from about into than
        have has had get got give need needed want like know tell explain show find forgot forget lost send sent
        pay paid paying payment payments premium premiums pension pensions exemption exempt refund refunds lump
        sum withdrawal withdraw claim eligible apply applying application register registration enroll deadline
        due late overdue unpaid fee fees cost money income low salary job work working company employer employee
        quit retired retire retirement office phone number call talk speak person human agent staff someone
        somebody operator real english translate interpreter documents document form forms address change moving
        move abroad overseas leave leaving return returning home country student students school university tax
        deduction certificate book card letter mail postcard notice received receive check status account bank
        transfer postpone postponement extension insurance national welfare basic survivor disability benefit
        benefits old age spouse husband wife child children family help helpful helps helped useful understand
        understood sorry again still just very so really wait open closed today tomorrow hours question answer
        information info website online password login problem wrong right see later take care much many enough
        done nothing nevermind thanks!""",
    "es": """hola buenas buenos buen buena día días tardes noche noches saludos gracias muchas muchísimas mil amable
        adiós hasta luego pronto vemos chao sí si no vale claro bueno perfecto listo entendido acuerdo por favor
        quiero quisiera necesito puedo puede podría pueden tengo tiene tienen hay es son está están estoy soy
        eres fue hacer hago hice pagar pago pagué pagado pagos cuota cuotas aporte aportes seguro jubilación
        jubilado pensión pensiones exención exonerado exoneración exento reducción reembolso devolución retiro
        retirar solicitar solicito solicitud formulario trámite trámites documento documentos papeles oficina
        ventanilla cita teléfono llamar número persona humano alguien agente asesor operador funcionario hablar
        hablo español inglés idioma traductor intérprete dirección domicilio mudanza cambio cambiar salir volver
        regresar país japón estudiante estudiantes universidad escuela trabajo empresa empleo desempleado
        ingresos dinero cuánto cuánta cuántos cuándo dónde cómo qué quién cuál porqué porque para con sin sobre
        desde el la los las un una unos unas del al lo mi mis tu tus su sus yo usted ustedes nosotros ellos me te
        se nos le les este esta esto ese esa eso aquí ahora hoy mañana ayer todavía ya también nunca mucho muy
        poco más menos bien mal mejor nuevo año años mes meses semana atrasado atrasados deuda vencido plazo
        fecha aplazar aplazamiento prórroga y o pero pues entonces entiendo entendí comprendo sé sabe ayuda
        ayudar ayúdame ayúdeme información qué tal de nada a en que como cuando donde voy me""",
    "pt": """oi oie olá bom boa dia tarde noite obrigado obrigada obrigadão brigado valeu vlw obg tchau até logo mais
        amanhã sim não claro certo beleza blz tá ok entendi entendo sei ajuda ajudar ajude informação
        informações quero queria preciso precisava posso podia pode podem tenho tem têm há é são está estão estou
        sou fui foi fazer faço fiz pagar pago paguei pagamento pagamentos parcela parcelas contribuição
        contribuições seguro aposentadoria aposentado pensão pensões isenção isento redução reembolso devolução
        restituição resgate saque sacar solicitar solicitação pedido pedir formulário documento documentos papéis
        escritório agência balcão agendamento ligar telefone número pessoa humano alguém atendente atendimento
        funcionário falar fala português inglês idioma tradutor intérprete endereço mudança mudar trocar sair
        voltar retornar país japão brasil estudante faculdade escola trabalho empresa emprego desempregado renda
        dinheiro quanto quanta quantos quando onde como que quem qual porquê porque para pra com sem sobre desde
        o a os as um uma uns umas do da dos das no na nos nas ao pelo pela meu minha meus minhas seu sua seus
        suas eu você vocês nós eles me te se lhe este esta isto esse essa isso aqui agora hoje ontem ainda já
        também nunca muito pouco menos bem mal melhor novo ano anos mês meses semana atrasado atrasada dívida
        vencido prazo data adiar adiamento prorrogação e ou mas então né tudo consigo vou fica por favor de
        em""",
    "vi": """chào xin anh chị em bạn ơi ạ dạ vâng ừ cảm ơn cám nhiều lắm rất tạm biệt hẹn gặp lại không ko có
        được rồi biết hiểu giúp đỡ tôi mình cháu muốn cần hỏi cho về lương hưu tiền bảo hiểm phí đóng nộp miễn
        giảm hoãn hoàn trả rút nhận một lần nói chuyện với người nhân viên tư vấn gọi số điện thoại tổng đài
        địa chỉ đổi chuyển nhà nước quê việt nam nhật bản du học sinh trường công ty làm việc nghỉ thất nghiệp
        thu nhập thấp bao nhiêu khi nào giờ ở đâu thế sao gì là tại vì thì mà và hay hoặc của này đó kia đây
        đã chưa sẽ đang bị phải nên thủ tục đăng ký giấy tờ hồ sơ mẫu đơn văn phòng năm tháng ngày tuần hạn
        quá tiếng thông dịch phiên trí đi đến nhé vậy""",
    "tl": """salamat po opo oo hindi huwag wala walang meron mayroon may kumusta kamusta musta magandang maganda
        umaga hapon gabi tanghali paalam ingat sige ayos okay lang ba na pa naman nga ang ng mga sa si ni kay ako
        ko ikaw ka mo siya kami tayo kayo sila namin natin ninyo nila akin iyo kanya niya ano sino saan nasaan
        kailan kelan bakit paano pano magkano ilan alin gusto ayaw ayoko kailangan pwede puwede maaari makausap
        kausap kausapin tao taong tulong tulungan pakitulungan bayad bayaran magbayad makabayad nagbayad hulog
        hulugan pensyon pensiyon estudyante lilipat lumipat uuwi umuwi babalik bumalik pinas pilipinas bansa
        numero telepono tawag tumawag tawagan alam di ito iyan yan yun yung iyon dito diyan doon talaga pasensya
        paki pakiusap sana muna din rin kasi dahil pero at o kung kapag para pera buwan taon araw linggo trabaho
        kumpanya opisina papeles dokumento tirahan lipat naintindihan intindi eh diba tagalog sahod libre utang
        kulang hanggang mula tungkol ngayon bukas kahapon tapos mag nag pag magpa""",
    "id": """terima kasih makasih trims banyak halo hai hallo selamat pagi siang sore malam datang tinggal sampai
        jumpa dadah ya iya oke baik baiklah tidak nggak gak ga enggak tak bukan belum sudah udah saya aku gue anda
        kamu kalian kami kita dia mereka bapak ibu pak bu mas mbak kak apa apakah siapa mana dimana kapan kenapa
        mengapa bagaimana gimana berapa cara daftar mendaftar pendaftaran bayar membayar pembayaran iuran premi
        pensiun dana jaminan asuransi pengembalian kembali pembebasan bebas keringanan penundaan tunda petugas
        staf orang manusia bicara berbicara ngobrol dengan sama tolong bantu bantuan membantu boleh bisa dapat mau
        ingin pengen perlu butuh harus tanya bertanya pertanyaan informasi kantor alamat pindah rumah pulang
        negara indonesia jepang mahasiswa pelajar siswa kuliah sekolah kerja bekerja perusahaan gaji penghasilan
        uang biaya bulan tahun hari minggu sekarang nanti besok kemarin lagi juga saja aja dong kok sih deh nih
        yang ini itu ada punya dari ke untuk buat dan atau tapi tetapi karena kalau jika mengerti paham tahu tau
        permisi maaf mohon silakan formulir dokumen surat kartu nomor telepon telpon bahasa di""",
}

# Two-word greetings and courtesies (matched with or without accents).
PHRASES = {
    "en": ("thank you", "good morning", "see you", "talk to", "how to", "how much"),
    "es": ("muchas gracias", "buenos días", "buenas tardes", "buenas noches", "hasta luego", "qué tal"),
    "pt": ("muito obrigado", "bom dia", "boa tarde", "boa noite", "tudo bem", "tá bom", "até logo", "o que"),
    "vi": ("xin chào", "cảm ơn", "cám ơn", "tạm biệt", "bao nhiêu", "lương hưu", "được không", "số điện"),
    "tl": ("salamat po", "maraming salamat", "magandang umaga", "magandang hapon", "magandang gabi", "sige po"),
    "id": ("terima kasih", "selamat pagi", "selamat siang", "selamat malam", "sampai jumpa", "tidak bisa"),
}

# Japanese pension terms typed in Latin letters: they say nothing about the resident's language.
ROMAJI_TEXT = """nenkin menjo menjou tsuino gakutoku kokumin kosei kousei hoken hokenryo shakai jukyu kurisage kuriage
    nofu noufu yuyo yuuyo dattai ichijikin teikibin furikae zairyu juminhyo shiyakusho kuyakusho kyosai shomeisho
    kojo koujo techo techou bango kiso jimusho todoke todokesho shikaku kakyu kanka henrei shotoku izoku shogai
    rorei kyufu shikyu nenkinnet mynumber tokurei tokutei sakusei shiharai getsugaku kasan hihokensha kenpo
    kumiai santei denshi shinsei mikomigaku kaitei"""
