/* byteorder.h: integers of 1 to 8 bytes in a given byte order, ELF's
 * ELFDATA2LSB or ELFDATA2MSB: every word of a task's registers and of a
 * core's headers and notes is read and written through these, whatever
 * procbox's own order. */
#ifndef BYTEORDER_H
#define BYTEORDER_H

#include <elf.h>
#include <stdint.h>

/* Where the byte of significance k (0: the least) lies in a size-byte integer */
static inline unsigned byte_index(unsigned size, unsigned k, unsigned order)
{
	return order == ELFDATA2MSB ? size - 1 - k : k;
}

uint64_t word_get(const void *p, unsigned size, unsigned order);
void word_put(void *p, unsigned size, uint64_t v, unsigned order);

static inline uint16_t get16(const void *p, unsigned order) { return word_get(p, 2, order); }
static inline uint32_t get32(const void *p, unsigned order) { return word_get(p, 4, order); }
static inline uint64_t get64(const void *p, unsigned order) { return word_get(p, 8, order); }
static inline void put16(void *p, uint16_t v, unsigned order) { word_put(p, 2, v, order); }
static inline void put32(void *p, uint32_t v, unsigned order) { word_put(p, 4, v, order); }
static inline void put64(void *p, uint64_t v, unsigned order) { word_put(p, 8, v, order); }

#endif
