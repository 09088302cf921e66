/* test_pidns.c: lib/pidns.c on status texts of a process in a nested PID
 * namespace, seen from the host and from inside */
#include "testutil.h"
#include "pidns.h"

static const char nested[] = "Name:\tcore_target\nTgid:\t4321\nPid:\t4321\nPPid:\t4320\n"
			     "NStgid:\t4321\t2\nNSpid:\t4321\t2\nNSpgid:\t4000\t0\nNSsid:\t3999\t0\n"
			     "VmPeak:\t  1000 kB\n";
static const char flat[] = "Name:\tsleep\nPid:\t77\nNStgid:\t77\nNSpid:\t77\nNSpgid:\t70\nNSsid:\t60\n";
static const char old_kernel[] = "Name:\tsleep\nPid:\t77\nPPid:\t1\n";

static void innermost_ids(void **state)
{
	(void)state;
	assert_int_equal(ns_last(nested, "NStgid", 4321), 2);
	assert_int_equal(ns_last(nested, "NSpid", 4321), 2);
	assert_int_equal(ns_last(nested, "NSpgid", 4000), 0); /* its group is outside */
	assert_int_equal(ns_last(nested, "NSsid", 3999), 0);
	assert_int_equal(ns_levels(nested, "NSpid"), 2);
	assert_int_equal(ns_last(flat, "NSpgid", -1), 70);
	assert_int_equal(ns_levels(flat, "NSpid"), 1);
	/* no NS lines (no CONFIG_PID_NS): the fallback, stat's view */
	assert_int_equal(ns_last(old_kernel, "NSpid", 77), 77);
	assert_int_equal(ns_levels(old_kernel, "NSpid"), 0);
	assert_int_equal(ns_last(NULL, "NSpid", 5), 5);
}

static void parent(void **state)
{
	(void)state;
	/* same namespace as the reader: PPid as it is, no other file read */
	assert_int_equal(ns_parent(1234, flat), 1234);
	assert_int_equal(ns_parent(1, old_kernel), 1);
	/* a parent invisible to the reader, or gone */
	assert_int_equal(ns_parent(0, nested), 0);
	assert_int_equal(ns_parent(999999999, nested), 0);
	/* our own parent is in the reader's namespace, one level above a nested child */
	assert_int_equal(ns_parent(getpid(), nested), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(innermost_ids),
		cmocka_unit_test(parent),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
