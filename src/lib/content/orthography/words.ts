// The curated word lists behind the Persian ZWNJ rules. A rule is "sure" only where these lists
// say so; everything else is left alone or reported as a question for the writer. All entries are
// in Persian letters (ی, ک) without ZWNJ; lookups fold the word the same way first (see fold()).

function list(words: string): ReadonlySet<string> {
  return new Set(words.split(/\s+/).filter(Boolean));
}

/**
 * Verb stems that take the prefix «می»/«نمی»: present stems with present endings, past stems
 * with past endings. «میشود» = می + شو + د is sure; «میز», «میوه», «میلیون» never match.
 */
export const PRESENT_STEMS = list(`
  شو کن ده گیر رس خواه توان دان بین گو گوی آی رو زن گذار گذر نویس خوان پرس فرست ساز یاب
  پذیر شناس مان آور بر خور دار کش نشین گرد افت انداز پرداز فروش خر شنو بند کوش ترس فهم پوش
  چرخ رسان کاه افزا افزای نما نمای باش ایست گشا گشای جو جوی سنج ریز سوز پیوند بخش لرز خند
  ارز چسب دو نام خواب آموز سپار شمار آزما آزمای اندیش گنج ورز بای زی گزین چین پندار کشان
  ترسان چرخان فهمان گردان پرور رنج جنب پاش خیز ران گریز بار کار دوز آفرین
`);
export const PAST_STEMS = list(`
  شد کرد داد گرفت رسید خواست توانست دانست دید گفت آمد رفت زد گذاشت گذشت نوشت خواند پرسید
  فرستاد ساخت یافت پذیرفت شناخت ماند آورد برد خورد داشت کشید نشست گشت افتاد انداخت پرداخت
  فروخت خرید شنید بست کوشید ترسید فهمید پوشید چرخید رساند کاست افزود نمود بود ایستاد گشود
  جست سنجید ریخت سوخت پیوست بخشید لرزید خندید ارزید چسبید دوید نامید خوابید آموخت سپرد شمرد
  آزمود اندیشید گنجید ورزید بایست زیست گزید چید پنداشت کشاند ترساند چرخاند فهماند گرداند
  پروراند رنجید جنبید پاشید خاست راند گریخت بارید کاشت دوخت آفرید
`);
export const PRESENT_ENDINGS = list('م ی د یم ید ند');
/** Past endings; the past stem alone («میکرد») is a form too. */
export const PAST_ENDINGS = list('م ی یم ید ند');
/** Whole forms after «می» that the stem tables do not produce («می‌توان» has no ending). */
export const PREFIX_FORMS = list('توان خواد یاد');

/**
 * Spoken Persian, common in pasted text: «میتونه», «میشه», «میگن», «میکنین». Spoken stems
 * take only the spoken endings; written stems take them too («میکنه», «میکنن»).
 */
export const SPOKEN_STEMS = list('تون دون خوا خوای ش گ د ر ذار یا');
export const SPOKEN_ENDINGS = list('م ی ه یم ین ن');

/**
 * Words that start with «می»/«نمی» but carry no verb prefix: never given a ZWNJ, never reported.
 * Checked before the verb stems («میدانی» is also «می‌دانی», but «تحقیق میدانی» is common).
 */
export const NOT_PREFIXED = list(`
  می نمی میدون میز میزها میزی میوه میوهها میلیون میلیونها میلیونی میلیارد میلیاردها میان میانه
  میانگین میانی میزان میهمان میهمانی میراث میل میلاد میلادی میدان میدانی میدانها میکروب
  میکروفون میخ میش مین مینا میهن میمون میگو میسر میعاد میکده میخانه میرزا میر میترا میثاق
  میزبان میزبانی میخک میگرن میلگرد مینیاتور مینیمم میکسر میانبر میانجی میانجیگری میلیمتر
  میکرو میکائیل میقات میوهای میمنت میرا میراثی میزانسن میکاپ میتینگ میکس میل‌گرد
`);
/** Starts of words that are never «می» + verb, for the words the stem tables do not know. */
export const NOT_PREFIXED_STARTS = list(`
  میان میلی میکرو مینی میزبان میهمان میراث
`);

/**
 * Words ending in ه that also take «ای» (indefinite) or «ایم»: «نامهای» may be «نامه‌ای» or
 * «نام‌های», so when the word before «های» plus ه is one of these, the rule is not sure.
 */
export const H_FINAL_WORDS = list(`
  نامه برنامه خانه نمونه لحظه جمله مرحله هفته تجربه نتیجه مقاله شماره صفحه گزینه دقیقه
  ثانیه رایانه پرونده کلمه مسئله مساله چهره دسته پایه لایه هدیه ناحیه بودجه هزینه زمینه
  دوره جلسه پروژه خلاصه اجازه شیوه نقشه گوشه نسخه مکالمه مصاحبه مشاهده مقایسه معامله مطالعه
  وظیفه نکته پنجره قصه حادثه رابطه ضابطه فاصله حوصله وسیله وعده بسته رشته پیشه شیشه میوه
  کوچه بچه اداره ساده تازه آماده پیچیده خسته گسترده شایسته نوشته گذشته آینده کارخانه نشانه
  بهانه رسانه ترانه زمانه روزانه ماهانه سالانه گونه اندازه چاره ستاره اشاره درجه جبهه قطعه
  فرشته تکه شبکه دکمه پیوسته وابسته خاطره کیسه سرمایه همسایه مدرسه دانشکده نماینده فروشنده
  خواننده نویسنده بیننده شنونده کننده دهنده گیرنده ترجمه مقدمه خاتمه ضمیمه جامعه عرضه تبصره
  حوزه هسته حرفه مجموعه توصیه بهونه قضیه نظریه اولیه روحیه سایه مایه گریه حاشیه تهیه
  دوستانه صادقانه مودبانه مؤدبانه محترمانه عاقلانه صمیمانه منصفانه خلاقانه هوشمندانه مشتاقانه
  علاقه سابقه طبقه منطقه دغدغه مشغله ملاحظه محاسبه مراجعه مذاکره مشاوره مطالبه مقابله مسابقه
  معادله مغازه بیمه نقطه جعبه رتبه حمله فلسفه مرتبه دفعه لبه پله گله ویژه زنده شکسته برجسته
  بیهوده ارزنده افسرده فشرده پراکنده سازنده فوقالعاده حرفهای جداگانه عامیانه ماهرانه
`);

/** Adjectives whose comparative «…تر» is written with ZWNJ; «تر» alone is also a word (wet). */
export const COMPARABLE = list(`
  بزرگ کوچک مهم سریع ساده آسان سخت دشوار راحت کوتاه بلند دقیق روشن واضح مناسب مفید ارزان
  گران قوی ضعیف زیاد جدید قدیمی پیچیده سنگین سبک طولانی شفاف دور نزدیک تازه جدی مهربان آرام
  کند خوب بد ارزشمند مطمئن امن کامل عمیق پایین بالا گرم سرد شاد زیبا تند آهسته سالم محکم
  پیشرفته رسمی صمیمی منطقی موثر مؤثر کارآمد منظم مرتب خوشحال سخاوتمند جالب فعال گسترده شلوغ
  خلوت پرکار باهوش آگاه سیاه سفید قرمز روان کمیاب فراوان ساکت حساس جامع دوستانه مودبانه
  مؤدبانه محترمانه ملایم
`);
/** Comparatives written joined by convention: بهتر، بیشتر، کمتر، مهتر and their «ترین». */
export const JOINED_COMPARATIVES = list('به بیش کم مه');

/** Words that end like a suffix but are not word + suffix: never split. */
export const NOT_SUFFIXED = list(`
  تنها تنهایی تنهای انتها انتهای انتهایی الهام ابهام اتهام ایهام اوهام ابراهام الها فقها
  منها منهای اشتها اشتهای سفها وجوها اشتباها بها بهای بهایی نهایی رهایی سهام مهام الهامی دختر دفتر کبوتر چتر اختر
  شتر بستر انگشتر استر متر سانتیمتر کیلومتر فیلتر تئاتر کامپیوتر پوستر اسکوتر توییتر
`);

/** Short words ending in ه that stand before «ای» as a word of their own («که ای کاش»). */
export const H_FUNCTION_WORDS = list(`
  که چه نه به همه ده سه مه ره شه
`);
