/** A one-file diff, one batch: the review the shutdown tests leave mid-stream. */
export const cartTotalsDiff = `diff --git a/src/cart.ts b/src/cart.ts
--- a/src/cart.ts
+++ b/src/cart.ts
@@ -1,3 +1,4 @@
 export function total(items: { price: number; qty: number }[]) {
-  return items.reduce((sum, i) => sum + i.price, 0);
+  return items.reduce((sum, i) => sum + i.price * i.qty, 0);
 }
+export const TAX = 0.2;
`;
