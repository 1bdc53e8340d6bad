/* Linked-list work in the spirit of CoreMark's list benchmark: pointer
 * chasing, an in-place merge sort on two different keys, searches and a
 * reversal. Only keys and values enter the digest, never addresses. */
#include "kernels.h"

#define LIST_NODES 256
#define LIST_SEARCHES 24

struct node {
    struct node *next;
    uint32_t key;
    uint32_t value;
};

typedef int (*node_less)(const struct node *a, const struct node *b);

static int key_less(const struct node *a, const struct node *b)
{
    return a->key < b->key || (a->key == b->key && a->value < b->value);
}

static int value_less(const struct node *a, const struct node *b)
{
    return (a->value & 0xffff) < (b->value & 0xffff);
}

/* Bottom-up merge sort of a singly linked list (stable, no recursion). */
static struct node *sort_list(struct node *list, node_less less)
{
    for (size_t width = 1;; width *= 2) {
        struct node *p = list, *tail = NULL;
        size_t merges = 0;
        list = NULL;
        while (p) {
            merges++;
            struct node *q = p;
            size_t p_size = 0, q_size = width;
            while (p_size < width && q) {
                p_size++;
                q = q->next;
            }
            while (p_size > 0 || (q_size > 0 && q)) {
                struct node *e;
                if (p_size == 0) {
                    e = q, q = q->next, q_size--;
                } else if (q_size == 0 || !q || !less(q, p)) {
                    e = p, p = p->next, p_size--;
                } else {
                    e = q, q = q->next, q_size--;
                }
                if (tail)
                    tail->next = e;
                else
                    list = e;
                tail = e;
            }
            p = q;
        }
        tail->next = NULL;
        if (merges <= 1)
            return list;
    }
}

static struct node *reverse_list(struct node *list)
{
    struct node *reversed = NULL;
    while (list) {
        struct node *next = list->next;
        list->next = reversed;
        reversed = list;
        list = next;
    }
    return reversed;
}

/* Position of the first node with this key, or -1. */
static int find_key(const struct node *list, uint32_t key)
{
    for (int position = 0; list; list = list->next, position++)
        if (list->key == key)
            return position;
    return -1;
}

static uint32_t digest_list(const struct node *list)
{
    uint32_t digest = 0;
    for (; list; list = list->next)
        digest = digest * 31 + (list->key ^ (list->value << 7));
    return digest;
}

uint32_t list_kernel(uint32_t seed)
{
    static struct node pool[LIST_NODES];
    uint32_t state = seed_state(seed, 0x6c697374u);

    /* Link the pool in a scrambled order so that the walk jumps around. */
    struct node *list = NULL;
    for (uint32_t i = 0; i < LIST_NODES; i++) {
        struct node *n = &pool[(i * 97) % LIST_NODES];
        const uint32_t r = xorshift32(&state);
        n->key = r & 0x3ff;
        n->value = (r >> 10) ^ i;
        n->next = list;
        list = n;
    }

    list = sort_list(list, key_less);
    uint32_t digest = digest_list(list);

    int found = 0, position_sum = 0;
    for (int i = 0; i < LIST_SEARCHES; i++) {
        const int position = find_key(list, xorshift32(&state) & 0x3ff);
        if (position >= 0) {
            found++;
            position_sum += position;
        }
    }
    digest ^= (uint32_t)found << 24 ^ (uint32_t)position_sum;

    list = reverse_list(list);
    list = sort_list(list, value_less);
    return digest * 33 + digest_list(list);
}
