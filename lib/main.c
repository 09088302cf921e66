/* main.c: procbox's entry point; everything else can be called from tests */
#include "procbox.h"

int main(int argc, char **argv)
{
	return multicall(argc, argv);
}
