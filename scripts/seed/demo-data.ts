/** Demo data only: these passwords never exist outside `npm run demo` / `npm run db:seed`. */
export const DEMO_PASSWORD = "atrium-demo";

/** Common surnames and given-name characters for demo and benchmark members. */
export const DEMO_SURNAMES =
  "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤".split(
    "",
  );
export const DEMO_GIVEN_CHARACTERS =
  "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鹏辉建国晓梅琳雪婷慧颖欣怡佳子轩涵宇浩然思雨博文嘉琪晨曦梓萱诗一诺雅紫薇若兰志海东宁安乐天成凯".split(
    "",
  );

/**
 * mulberry32: a small seeded generator (not for anything secret), so that demo and benchmark data
 * are the same on every machine and runs compare.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
