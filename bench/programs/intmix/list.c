/* Linked lists: items from a static pool, linked in a shuffled order, then
 * searched with move-to-front, merge-sorted top-down (recursion, compare
 * through a function pointer), reversed, split by a predicate and spliced
 * back. Pointer chasing with data-dependent branches and indirect calls.
 * Digests use ids and payloads only, never addresses. */
#include "intmix.h"

#define LIST_ITEMS 320
#define LIST_QUERIES 40
#define LIST_GROUPS 32

struct item {
    struct item *next;
    uint32_t data;  /* random payload */
    uint16_t id;    /* unique, 0..LIST_ITEMS-1 */
    uint16_t group; /* small key with many duplicates */
};

typedef int (*item_compare)(const struct item *a, const struct item *b);

static struct item items[LIST_ITEMS];

static int by_data(const struct item *a, const struct item *b)
{
    return (a->data > b->data) - (a->data < b->data);
}

static int by_group_then_id(const struct item *a, const struct item *b)
{
    if (a->group != b->group)
        return a->group < b->group ? -1 : 1;
    return (a->id > b->id) - (a->id < b->id);
}

/* Stable merge: on equal keys the item from `a` goes first. */
static struct item *merge(struct item *a, struct item *b, item_compare compare)
{
    struct item head = {0};
    struct item *tail = &head;
    while (a && b) {
        if (compare(b, a) < 0) {
            tail->next = b;
            b = b->next;
        } else {
            tail->next = a;
            a = a->next;
        }
        tail = tail->next;
    }
    tail->next = a ? a : b;
    return head.next;
}

/* Top-down: halve with a slow and a fast pointer, sort both, merge. */
static struct item *merge_sort(struct item *list, item_compare compare)
{
    if (!list || !list->next)
        return list;
    struct item *slow = list, *fast = list->next;
    while (fast && fast->next) {
        slow = slow->next;
        fast = fast->next->next;
    }
    struct item *second = slow->next;
    slow->next = NULL;
    return merge(merge_sort(list, compare), merge_sort(second, compare), compare);
}

static struct item *reverse(struct item *list)
{
    struct item *done = NULL;
    while (list) {
        struct item *next = list->next;
        list->next = done;
        done = list;
        list = next;
    }
    return done;
}

/* Finds the first item of `group` and moves it to the front of *list.
 * Returns its former position, or LIST_ITEMS when there is none. */
static uint32_t find_to_front(struct item **list, uint16_t group)
{
    struct item *previous = NULL;
    uint32_t position = 0;
    for (struct item *it = *list; it; previous = it, it = it->next, position++) {
        if (it->group != group)
            continue;
        if (previous) {
            previous->next = it->next;
            it->next = *list;
            *list = it;
        }
        return position;
    }
    return LIST_ITEMS;
}

/* Moves the items whose data has any bit of `mask` set to a second list,
 * keeping the order of both; returns the moved list. */
static struct item *split_off(struct item **list, uint32_t mask)
{
    struct item kept_head = {0}, moved_head = {0};
    struct item *kept = &kept_head, *moved = &moved_head;
    for (struct item *it = *list; it; it = it->next) {
        if (it->data & mask) {
            moved->next = it;
            moved = it;
        } else {
            kept->next = it;
            kept = it;
        }
    }
    kept->next = moved->next = NULL;
    *list = kept_head.next;
    return moved_head.next;
}

static uint32_t fold(const struct item *list)
{
    uint32_t h = 0x1234567u, position = 0;
    for (; list; list = list->next, position++)
        h = ((h << 7) | (h >> 25)) ^ (list->data + list->id * 40503u + position);
    return h;
}

uint32_t list_kernel(uint32_t seed)
{
    uint32_t state = mix32(seed ^ 0x6c697374u);
    uint16_t order[LIST_ITEMS];
    for (uint16_t i = 0; i < LIST_ITEMS; i++)
        order[i] = i;
    for (uint32_t i = LIST_ITEMS - 1; i > 0; i--) {
        const uint32_t j = rng_next(&state) % (i + 1);
        const uint16_t t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    for (uint32_t i = 0; i < LIST_ITEMS; i++) {
        struct item *it = &items[order[i]];
        it->id = order[i];
        it->data = rng_next(&state);
        it->group = (uint16_t)(it->data % LIST_GROUPS);
        it->next = i + 1 < LIST_ITEMS ? &items[order[i + 1]] : NULL;
    }
    struct item *list = &items[order[0]];

    uint32_t digest = 0;
    /* Groups 0..2*LIST_GROUPS-1: about half the searches miss. */
    for (uint32_t q = 0; q < LIST_QUERIES; q++)
        digest = digest * 33 + find_to_front(&list, (uint16_t)(rng_next(&state) % (2 * LIST_GROUPS)));

    list = merge_sort(list, by_data);
    digest ^= fold(list);
    list = reverse(list);
    digest += fold(list);

    struct item *moved = split_off(&list, 1u << (rng_next(&state) % 32));
    moved = merge_sort(moved, by_group_then_id);
    digest ^= fold(moved) * 3u;
    /* Splice the moved items back at the head, then sort everything again. */
    if (moved) {
        struct item *tail = moved;
        while (tail->next)
            tail = tail->next;
        tail->next = list;
        list = moved;
    }
    list = merge_sort(list, by_group_then_id);
    return digest + fold(list);
}
