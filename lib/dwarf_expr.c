/* dwarf_expr.c: the DWARF expressions of call frame information (glibc's
 * PLT and signal frames, hand-written assembly): a stack machine over
 * address-sized values. Branches may go backwards, so the number of
 * operations is capped; the stack is a fixed array. */
#include "cfi.h"
#include "dwarf.h"

#define MAX_OPS 1000
#define MAX_STACK 64

int dwarf_expr_eval(const uint8_t *expr, size_t len, const struct dwarf_expr_env *env,
		    const uint64_t *initial, uint64_t *result)
{
	struct dwarf_cur cur = { expr, expr + len, env->big_endian, 0 };
	unsigned asz = env->addr_size == 4 ? 4 : 8;
	uint64_t st[MAX_STACK], mask = asz == 4 ? 0xffffffffull : ~0ull;
	unsigned n = 0, bits = 8 * asz;

/* the value as a signed number of the address size */
#define SX(v) (asz == 4 ? (int64_t)(int32_t)(uint32_t)(v) : (int64_t)(v))
#define NEED(k) do { if (n < (k)) return CFI_E_BAD; } while (0)
#define PUSH(v) do { uint64_t v_ = (v); if (n == MAX_STACK) return CFI_E_LIMIT; st[n++] = v_ & mask; } while (0)

	if (initial)
		PUSH(*initial);
	for (unsigned ops = 0; cur.p < cur.end; ops++) {
		uint8_t op = *cur.p++;
		uint64_t a, b, v = 0;
		unsigned k;

		if (ops == MAX_OPS)
			return CFI_E_LIMIT;
		if (op >= 0x30 && op <= 0x4f) { /* DW_OP_lit0..31 */
			PUSH(op - 0x30u);
			continue;
		}
		if (op >= 0x70 && op <= 0x8f) { /* DW_OP_breg0..31 */
			k = op - 0x70u;
			goto breg;
		}
		switch (op) {
		case 0x03: /* DW_OP_addr */
			PUSH(dwarf_u(&cur, asz));
			break;
		case 0x06: /* DW_OP_deref */
			k = asz;
			goto deref;
		case 0x94: /* DW_OP_deref_size */
			k = (unsigned)dwarf_u(&cur, 1);
			if (cur.bad)
				break;
			if (!k || k > asz)
				return CFI_E_BAD;
		deref: {
			uint8_t buf[8];
			struct dwarf_cur m = { buf, buf + k, env->big_endian, 0 };

			NEED(1);
			if (!env->read || env->read(env->ctx, st[n - 1], buf, k))
				return CFI_E_READ;
			st[n - 1] = dwarf_u(&m, k);
			break;
		}
		case 0x08: PUSH(dwarf_u(&cur, 1)); break;          /* DW_OP_const1u */
		case 0x09: PUSH((uint64_t)dwarf_s(&cur, 1)); break; /* const1s */
		case 0x0a: PUSH(dwarf_u(&cur, 2)); break;          /* const2u */
		case 0x0b: PUSH((uint64_t)dwarf_s(&cur, 2)); break; /* const2s */
		case 0x0c: PUSH(dwarf_u(&cur, 4)); break;          /* const4u */
		case 0x0d: PUSH((uint64_t)dwarf_s(&cur, 4)); break; /* const4s */
		case 0x0e: PUSH(dwarf_u(&cur, 8)); break;          /* const8u */
		case 0x0f: PUSH((uint64_t)dwarf_s(&cur, 8)); break; /* const8s */
		case 0x10: PUSH(dwarf_uleb(&cur)); break;          /* constu */
		case 0x11: PUSH((uint64_t)dwarf_sleb(&cur)); break; /* consts */
		case 0x12: NEED(1); PUSH(st[n - 1]); break;        /* dup */
		case 0x13: NEED(1); n--; break;                    /* drop */
		case 0x14: NEED(2); PUSH(st[n - 2]); break;        /* over */
		case 0x15:                                         /* pick */
			k = (unsigned)dwarf_u(&cur, 1);
			if (cur.bad)
				break;
			NEED(k + 1);
			PUSH(st[n - 1 - k]);
			break;
		case 0x16: /* DW_OP_swap */
			NEED(2);
			a = st[n - 1], st[n - 1] = st[n - 2], st[n - 2] = a;
			break;
		case 0x17: /* DW_OP_rot: the top goes under the next two */
			NEED(3);
			a = st[n - 1], st[n - 1] = st[n - 2], st[n - 2] = st[n - 3], st[n - 3] = a;
			break;
		case 0x19: /* DW_OP_abs */
			NEED(1);
			if (SX(st[n - 1]) < 0)
				st[n - 1] = (0 - st[n - 1]) & mask;
			break;
		case 0x1f: /* DW_OP_neg */
			NEED(1);
			st[n - 1] = (0 - st[n - 1]) & mask;
			break;
		case 0x20: /* DW_OP_not */
			NEED(1);
			st[n - 1] = ~st[n - 1] & mask;
			break;
		case 0x23: /* DW_OP_plus_uconst */
			NEED(1);
			st[n - 1] = (st[n - 1] + dwarf_uleb(&cur)) & mask;
			break;
		case 0x1a: case 0x1b: case 0x1c: case 0x1d: case 0x1e: case 0x21: case 0x22:
		case 0x24: case 0x25: case 0x26: case 0x27: case 0x29: case 0x2a: case 0x2b:
		case 0x2c: case 0x2d: case 0x2e:
			NEED(2);
			b = st[--n]; /* the top */
			a = st[n - 1];
			switch (op) {
			case 0x1a: v = a & b; break;
			case 0x1b: /* DW_OP_div, signed */
				if (!b)
					return CFI_E_BAD;
				if (SX(b) == -1)
					v = 0 - a; /* the one quotient that overflows wraps */
				else
					v = (uint64_t)(SX(a) / SX(b));
				break;
			case 0x1c: v = a - b; break;
			case 0x1d: /* DW_OP_mod, unsigned */
				if (!b)
					return CFI_E_BAD;
				v = a % b;
				break;
			case 0x1e: v = a * b; break;
			case 0x21: v = a | b; break;
			case 0x22: v = a + b; break;
			case 0x24: v = b >= bits ? 0 : a << b; break;
			case 0x25: v = b >= bits ? 0 : a >> b; break;
			case 0x26: /* DW_OP_shra */
				v = (uint64_t)(SX(a) >> (b >= bits ? bits - 1 : b));
				break;
			case 0x27: v = a ^ b; break;
			case 0x29: v = SX(a) == SX(b); break;
			case 0x2a: v = SX(a) >= SX(b); break;
			case 0x2b: v = SX(a) > SX(b); break;
			case 0x2c: v = SX(a) <= SX(b); break;
			case 0x2d: v = SX(a) < SX(b); break;
			case 0x2e: v = SX(a) != SX(b); break;
			}
			st[n - 1] = v & mask;
			break;
		case 0x28: /* DW_OP_bra */
		case 0x2f: { /* DW_OP_skip */
			int64_t off = dwarf_s(&cur, 2);

			if (cur.bad)
				break;
			if (op == 0x28) {
				NEED(1);
				if (!st[--n])
					break;
			}
			if (off < expr - cur.p || off > cur.end - cur.p)
				return CFI_E_BAD;
			cur.p += off;
			break;
		}
		case 0x92: /* DW_OP_bregx */
			v = dwarf_uleb(&cur);
			if (cur.bad)
				break;
			if (v >= CFI_NREGS)
				return CFI_E_NOREG;
			k = (unsigned)v;
		breg: {
			int64_t off = dwarf_sleb(&cur);

			if (cur.bad)
				break;
			if (!env->regs || !cfi_reg_valid(env->regs, k))
				return CFI_E_NOREG;
			PUSH(env->regs->r[k] + (uint64_t)off);
			break;
		}
		case 0x96: /* DW_OP_nop */
			break;
		default: /* register locations, pieces, calls, TLS: not a CFI value */
			return CFI_E_UNSUPPORTED;
		}
		if (cur.bad)
			return CFI_E_TRUNCATED;
	}
	if (cur.bad)
		return CFI_E_TRUNCATED;
	if (!n)
		return CFI_E_BAD;
	*result = st[n - 1];
	return 0;
#undef SX
#undef NEED
#undef PUSH
}
